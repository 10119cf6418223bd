/* ept_map response (C706 appendix L and O, MS-RPCE 2.2.1.2.5):
 *   entry_handle (context handle), num_towers,
 *   towers: conformant varying array of twr_t pointers, then each referent:
 *     twr_t = conformance, tower_length, tower_octet_string[tower_length]
 *   status.
 * A tower is a floor count (u16 LE) and floors of lhs_len, lhs, rhs_len, rhs
 * (lengths u16 LE). The lhs's first byte is the protocol id: 0x07 TCP with
 * a big-endian port as rhs, 0x09 IP with the IPv4 address as rhs. */
#include <string.h>

#include "epm.h"
#include "ndr.h"

#define EPM_MAX_TOWERS 500   /* ept_map's [range(0,500)] max_towers */
#define EPM_MAX_FLOORS 16
#define PROTO_TCP 0x07
#define PROTO_IP 0x09
#define OP_MAP 3

/* epmapper e1af8308-5d1f-11c9-91a4-08002b14a0fa, wire order */
static const uint8_t UUID_EPMAPPER[16] = {
	0x08, 0x83, 0xaf, 0xe1, 0x1f, 0x5d, 0xc9, 0x11, 0x91, 0xa4, 0x08, 0x00, 0x2b, 0x14, 0xa0, 0xfa,
};

int epm_is_map(const uint8_t iface[16], uint16_t opnum)
{
	return opnum == OP_MAP && !memcmp(iface, UUID_EPMAPPER, 16);
}

/* 1 when the tower names a TCP port (and then its address, 0 if none). */
static int tower_endpoint(const uint8_t *p, size_t len, struct epm_endpoint *ep)
{
	struct rd r = rd_init(p, len);
	uint16_t floors = rd_le16(&r), i;
	int have_port = 0;

	ep->addr = 0;
	ep->port = 0;
	for (i = 0; i < floors && i < EPM_MAX_FLOORS && rd_ok(&r); i++) {
		uint16_t lhs_len = rd_le16(&r);
		const uint8_t *lhs = rd_ptr(&r, lhs_len);
		uint16_t rhs_len = rd_le16(&r);
		const uint8_t *rhs = rd_ptr(&r, rhs_len);

		if (!rd_ok(&r) || lhs_len < 1)
			return 0;
		if (lhs[0] == PROTO_TCP && rhs_len == 2) {
			ep->port = (uint16_t)(rhs[0] << 8 | rhs[1]);
			have_port = 1;
		} else if (lhs[0] == PROTO_IP && rhs_len == 4) {
			memcpy(&ep->addr, rhs, 4);
		}
	}
	return rd_ok(&r) && have_port && ep->port;
}

int epm_map_endpoints(const uint8_t *stub, size_t len, struct epm_endpoint *out, size_t max)
{
	struct ndr n = ndr_init(stub, len);
	uint8_t handle[NDR_HANDLE_LEN];
	uint32_t count, i, nonnull = 0;
	const uint8_t *refs;
	size_t found = 0;

	ndr_handle(&n, handle);
	(void)ndr_u32(&n); /* num_towers: the array's actual count says the same */
	refs = ndr_cv_array(&n, 4, &count);
	if (!refs || count > EPM_MAX_TOWERS)
		return -1;
	for (i = 0; i < count; i++)
		nonnull += memcmp(refs + 4 * (size_t)i, "\0\0\0\0", 4) != 0;
	for (i = 0; i < nonnull; i++) {
		uint32_t conformance = ndr_u32(&n), tower_len = ndr_u32(&n);
		const uint8_t *tower = rd_ptr(&n.r, conformance);
		struct epm_endpoint ep;

		if (!ndr_ok(&n) || tower_len > conformance)
			return -1;
		if (tower_endpoint(tower, tower_len, &ep) && found < max)
			out[found++] = ep;
	}
	return ndr_ok(&n) ? (int)found : -1;
}
