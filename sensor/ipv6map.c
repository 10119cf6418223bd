/* IPv6 headers are walked through the bounds-checked reader; extension
 * headers are skipped, fragments counted and left alone (libnids cannot
 * reassemble them as IPv6). */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <uthash.h>

#include "ipv6map.h"
#include "reader.h"
#include "rpc_tcp.h"
#include "sensor.h"

#define STANDIN_NET 0xF0000000u  /* 240.0.0.0/4 */
#define STANDIN_MASK 0xF0000000u
#define MAX_EXT_HEADERS 8

enum { NH_HOPOPTS = 0, NH_TCP = 6, NH_ROUTING = 43, NH_FRAGMENT = 44, NH_AH = 51, NH_DSTOPTS = 60 };

struct v6host {
	uint8_t addr[16];
	uint32_t v4;             /* network byte order */
	uint32_t refs;
	UT_hash_handle by_addr, by_v4;
};

struct ipv6_table {
	struct v6host *by_addr, *by_v4;
	uint32_t next;           /* host-order offset of the next stand-in */
	uint32_t n;
};

static struct ipv6_table *table(struct sensor *s)
{
	if (!s->ipv6)
		s->ipv6 = calloc(1, sizeof(*s->ipv6));
	return s->ipv6;
}

int ipv6_is_standin(uint32_t v4)
{
	return (ntohl(v4) & STANDIN_MASK) == STANDIN_NET;
}

/* Entries are made for packets of connections we track, at most two per
 * connection, so the connection limit bounds the table. */
static struct v6host *lookup(struct sensor *s, const uint8_t *addr)
{
	struct ipv6_table *t = table(s);
	struct v6host *h;

	if (!t)
		return NULL;
	HASH_FIND(by_addr, t->by_addr, addr, 16, h);
	if (h)
		return h;
	if (t->n >= 2 * s->cfg.max_connections + 2 || t->next >= ~STANDIN_MASK - 1 || !(h = calloc(1, sizeof(*h)))) {
		s->st.pkts_ipv6_unmapped++;
		return NULL;
	}
	memcpy(h->addr, addr, 16);
	h->v4 = htonl(STANDIN_NET | ++t->next);
	HASH_ADD(by_addr, t->by_addr, addr, 16, h);
	HASH_ADD(by_v4, t->by_v4, v4, sizeof(uint32_t), h);
	t->n++;
	return h;
}

/* The TCP header after the extension headers; 0 and a count otherwise. */
static size_t tcp_offset(struct sensor *s, struct rd *r, uint8_t nh)
{
	int i;

	for (i = 0; i < MAX_EXT_HEADERS && nh != NH_TCP; i++) {
		size_t start = r->pos;
		uint8_t next = rd_u8(r), len = rd_u8(r);

		if (nh == NH_FRAGMENT) {
			s->st.pkts_ipv6_frag++;
			return 0;
		}
		if (nh != NH_HOPOPTS && nh != NH_ROUTING && nh != NH_DSTOPTS && nh != NH_AH)
			return 0;
		rd_seek(r, start + (nh == NH_AH ? ((size_t)len + 2) * 4 : ((size_t)len + 1) * 8));
		nh = next;
	}
	return nh == NH_TCP && rd_ok(r) ? r->pos : 0;
}

/* Only segments the sensor follows get stand-in addresses. */
static int wanted(const struct sensor *s, const uint8_t *tcp, size_t n)
{
	struct rd r = rd_init(tcp, n);
	uint16_t sp = rd_be16(&r), dp = rd_be16(&r);

	return rd_ok(&r) && (sp == 445 || sp == 139 || dp == 445 || dp == 139 || rpc_tcp_wanted(s, tcp, n));
}

size_t ipv6_to_ipv4(struct sensor *s, const uint8_t *ip6, size_t caplen, uint8_t *out, size_t cap)
{
	struct rd r = rd_init(ip6, caplen);
	uint32_t vtf = rd_be32(&r);
	uint16_t plen = rd_be16(&r);
	uint8_t nh = rd_u8(&r), hops = rd_u8(&r);
	const uint8_t *src = rd_ptr(&r, 16), *dst = rd_ptr(&r, 16);
	size_t off = rd_ok(&r) && vtf >> 28 == 6 ? tcp_offset(s, &r, nh) : 0;
	size_t end = 40 + (size_t)plen < caplen ? 40 + (size_t)plen : caplen, seg;
	struct v6host *a, *b;

	if (!off || off >= end || !wanted(s, ip6 + off, end - off))
		return 0;
	seg = end - off;
	if (20 + seg > cap || !(a = lookup(s, src)) || !(b = lookup(s, dst)))
		return 0;
	memset(out, 0, 20);
	out[0] = 0x45;
	out[2] = (uint8_t)((20 + seg) >> 8);
	out[3] = (uint8_t)(20 + seg);
	out[8] = hops;
	out[9] = NH_TCP;
	memcpy(out + 12, &a->v4, 4);
	memcpy(out + 16, &b->v4, 4);
	memcpy(out + 20, ip6 + off, seg);
	return 20 + seg;
}

uint16_t ipv6_wire_length(const uint8_t *ip6, size_t caplen)
{
	struct rd r = rd_init(ip6, caplen);
	uint16_t plen;

	rd_skip(&r, 4);
	plen = rd_be16(&r);
	return rd_ok(&r) && plen <= 65535 - 40 ? (uint16_t)(plen + 40) : 0;
}

void ipv6_acquire(struct sensor *s, uint32_t v4, char *text, size_t n)
{
	struct v6host *h = NULL;

	if (s->ipv6)
		HASH_FIND(by_v4, s->ipv6->by_v4, &v4, sizeof(v4), h);
	if (!h)
		return;
	h->refs++;
	inet_ntop(AF_INET6, h->addr, text, (socklen_t)n);
}

void ipv6_release(struct sensor *s, uint32_t v4)
{
	struct ipv6_table *t = s->ipv6;
	struct v6host *h = NULL;

	if (t)
		HASH_FIND(by_v4, t->by_v4, &v4, sizeof(v4), h);
	if (!h || --h->refs > 0)
		return;
	HASH_DELETE(by_addr, t->by_addr, h);
	HASH_DELETE(by_v4, t->by_v4, h);
	t->n--;
	free(h);
}

void ipv6_free_all(struct sensor *s)
{
	struct ipv6_table *t = s->ipv6;
	struct v6host *h, *tmp;

	if (!t)
		return;
	HASH_ITER(by_addr, t->by_addr, h, tmp) {
		HASH_DELETE(by_addr, t->by_addr, h);
		HASH_DELETE(by_v4, t->by_v4, h);
		free(h);
	}
	free(t);
	s->ipv6 = NULL;
}
