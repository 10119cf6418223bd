/* Link-layer headers (numbers are the pcap LINKTYPE/DLT values). libnids'
 * own decoder fails on SLL2, LOOP and IPV4 and drops QinQ. */
#include <pcap/pcap.h>

#include "linklayer.h"
#include "reader.h"

#ifndef DLT_LINUX_SLL2
#define DLT_LINUX_SLL2 276
#endif
#define LINKTYPE_RAW 101
#define LINKTYPE_IPV4 228
#define LINKTYPE_IPV6 229

#define ETH_IPV4 0x0800
#define ETH_IPV6 0x86DD
#define ETH_VLAN 0x8100
#define ETH_QINQ 0x88A8
#define ETH_QINQ_OLD 0x9100
#define MAX_VLAN_TAGS 8

int l2_supported(int dlt)
{
	switch (dlt) {
	case DLT_EN10MB: case DLT_LINUX_SLL: case DLT_LINUX_SLL2: case DLT_NULL: case DLT_LOOP:
	case DLT_RAW: case LINKTYPE_RAW: case LINKTYPE_IPV4: case LINKTYPE_IPV6:
		return 1;
	default:
		return 0;
	}
}

static enum l3_proto by_ethertype(uint16_t et)
{
	return et == ETH_IPV4 ? L3_IPV4 : et == ETH_IPV6 ? L3_IPV6 : L3_OTHER;
}

static enum l3_proto ethernet(struct rd *r)
{
	uint16_t et;
	int tags = 0;

	rd_skip(r, 12);
	et = rd_be16(r);
	while ((et == ETH_VLAN || et == ETH_QINQ || et == ETH_QINQ_OLD) && tags++ < MAX_VLAN_TAGS) {
		rd_skip(r, 2);
		et = rd_be16(r);
	}
	return by_ethertype(et);
}

/* The IP version nibble decides for link types that carry bare IP. */
static enum l3_proto raw_ip(struct rd *r)
{
	struct rd peek = *r;
	uint8_t v = rd_u8(&peek);

	return (v >> 4) == 4 ? L3_IPV4 : (v >> 4) == 6 ? L3_IPV6 : L3_OTHER;
}

/* BSD address families: 2 is IPv4; IPv6 is 24, 28 or 30 depending on the OS. */
static enum l3_proto null_family(uint32_t af)
{
	return af == 2 ? L3_IPV4 : (af == 24 || af == 28 || af == 30) ? L3_IPV6 : L3_OTHER;
}

static enum l3_proto bsd_null(struct rd *r, int dlt)
{
	uint32_t af = dlt == DLT_LOOP ? rd_be32(r) : rd_le32(r);

	/* DLT_NULL is in the capturing host's byte order. */
	if (dlt == DLT_NULL && af > 0xFFFF)
		af = __builtin_bswap32(af);
	return null_family(af);
}

enum l3_proto l2_decode(int dlt, const uint8_t *pkt, size_t caplen, size_t *ip_off)
{
	struct rd r = rd_init(pkt, caplen);
	enum l3_proto p;

	switch (dlt) {
	case DLT_EN10MB: p = ethernet(&r); break;
	case DLT_LINUX_SLL: rd_skip(&r, 14); p = by_ethertype(rd_be16(&r)); break;
	case DLT_LINUX_SLL2: p = by_ethertype(rd_be16(&r)); rd_skip(&r, 18); break;
	case DLT_NULL: case DLT_LOOP: p = bsd_null(&r, dlt); break;
	case LINKTYPE_IPV4: p = L3_IPV4; break;
	case LINKTYPE_IPV6: p = L3_IPV6; break;
	case DLT_RAW: case LINKTYPE_RAW: p = raw_ip(&r); break;
	default: return L3_OTHER;
	}
	if (p != L3_OTHER)
		rd_need(&r, 1); /* the IP header must start inside the capture */
	if (!rd_ok(&r))
		return L3_SHORT;
	*ip_off = r.pos;
	return p;
}
