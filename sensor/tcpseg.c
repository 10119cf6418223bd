/* IPv4 + TCP headers, read through the bounds-checked reader, and written
 * for synthetic segments. */
#include <netinet/in.h>
#include <string.h>

#include "reader.h"
#include "tcpseg.h"

#define SYNTH_WSCALE 14
#define SYNTH_TTL 64

int tcpseg_parse_ipv4(const uint8_t *ip, size_t caplen, struct tcp_seg *t)
{
	struct rd r = rd_init(ip, caplen);
	uint8_t vihl = rd_u8(&r), proto, doff;
	size_t ihl = (size_t)(vihl & 0x0f) * 4;
	uint16_t frag;
	const uint8_t *src, *dst;

	rd_skip(&r, 1);
	t->ip_len = rd_be16(&r);
	rd_skip(&r, 2);
	frag = rd_be16(&r);
	rd_skip(&r, 1);
	proto = rd_u8(&r);
	rd_skip(&r, 2);
	src = rd_ptr(&r, 4);
	dst = rd_ptr(&r, 4);
	rd_seek(&r, ihl);
	t->sport = rd_be16(&r);
	t->dport = rd_be16(&r);
	t->seq = rd_be32(&r);
	t->ack = rd_be32(&r);
	doff = (uint8_t)(rd_u8(&r) >> 4);
	t->flags = rd_u8(&r);
	t->window = rd_be16(&r);
	if (!rd_ok(&r) || (vihl >> 4) != 4 || ihl < 20 || proto != IPPROTO_TCP || (frag & 0x3fff) ||
	    t->ip_len < ihl + (size_t)doff * 4 || doff < 5)
		return -1;
	memcpy(&t->saddr, src, 4);
	memcpy(&t->daddr, dst, 4);
	t->payload = (uint32_t)(t->ip_len - ihl - (size_t)doff * 4);
	return 0;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p + 2, (uint16_t)v);
}

size_t tcpseg_build(uint8_t *out, size_t cap, const struct tcp_seg *t)
{
	size_t tcplen = (t->flags & TCP_SYN) ? 24 : 20;
	size_t total = 20 + tcplen + t->payload;
	uint8_t *tcp = out + 20;

	if (total > cap || total > 65535)
		return 0;
	memset(out, 0, total);
	out[0] = 0x45;
	put16(out + 2, (uint16_t)total);
	out[8] = SYNTH_TTL;
	out[9] = IPPROTO_TCP;
	memcpy(out + 12, &t->saddr, 4);
	memcpy(out + 16, &t->daddr, 4);
	put16(tcp, t->sport);
	put16(tcp + 2, t->dport);
	put32(tcp + 4, t->seq);
	put32(tcp + 8, t->ack);
	tcp[12] = (uint8_t)((tcplen / 4) << 4);
	tcp[13] = t->flags;
	put16(tcp + 14, t->window);
	if (t->flags & TCP_SYN) {
		tcp[20] = 1; /* NOP */
		tcp[21] = 3; /* window scale */
		tcp[22] = 3;
		tcp[23] = SYNTH_WSCALE;
	}
	return total;
}
