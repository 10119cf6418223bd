/* IPv4 + TCP headers, read through the bounds-checked reader, and written
 * for synthetic segments. */
#include <netinet/in.h>
#include <string.h>

#include "reader.h"
#include "tcpseg.h"

#define SYNTH_WSCALE 14
#define SYNTH_TTL 64

/* Both fixed headers are taken in one bounds check each; fields are then
 * read at their offsets inside those blocks. */
int tcpseg_parse_ipv4(const uint8_t *ip, size_t caplen, struct tcp_seg *t)
{
	struct rd r = rd_init(ip, caplen);
	const uint8_t *h = rd_ptr(&r, 20), *th;
	size_t ihl, doff;

	if (!h || (h[0] >> 4) != 4 || h[9] != IPPROTO_TCP || (rd_be16_at(h, 6) & 0x3fff))
		return -1;
	ihl = (size_t)(h[0] & 0x0f) * 4;
	rd_seek(&r, ihl);
	th = rd_ptr(&r, 20);
	if (!th || ihl < 20)
		return -1;
	doff = (size_t)(th[12] >> 4) * 4;
	t->ip_len = rd_be16_at(h, 2);
	if (doff < 20 || t->ip_len < ihl + doff)
		return -1;
	memcpy(&t->saddr, h + 12, 4);
	memcpy(&t->daddr, h + 16, 4);
	t->sport = rd_be16_at(th, 0);
	t->dport = rd_be16_at(th, 2);
	t->seq = rd_be32_at(th, 4);
	t->ack = rd_be32_at(th, 8);
	t->flags = th[13];
	t->window = rd_be16_at(th, 14);
	t->payload = (uint32_t)(t->ip_len - ihl - doff);
	t->payload_off = (uint16_t)(ihl + doff);
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
