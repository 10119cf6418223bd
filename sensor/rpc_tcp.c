/* Following DCE/RPC over TCP without following all of TCP. A server port
 * in use by a followed connection or a learned endpoint has a reference
 * count, so that a segment of any other flow costs one array read and, if
 * it carries data, a look at its first bytes. */
#include <stdlib.h>
#include <string.h>
#include <uthash.h>

#include "dcerpc.h"
#include "flows.h"
#include "rpc_tcp.h"

struct rpc_endpoint {
	struct {
		uint32_t addr;   /* network byte order */
		uint16_t port;
		uint16_t zero;
	} key;
	UT_hash_handle hh;
};

struct rpc_tcp {
	struct rpc_endpoint *endpoints; /* uthash; iteration order is age */
	uint32_t refs[65536];           /* per server port: connections + endpoints */
};

int rpc_tcp_init(struct sensor *s)
{
	if (!s->cfg.dcerpc_tcp)
		return 0;
	s->rpc_tcp = calloc(1, sizeof(*s->rpc_tcp));
	return s->rpc_tcp ? 0 : -1;
}

static struct rpc_endpoint *endpoint_find(const struct sensor *s, uint32_t addr, uint16_t port)
{
	struct rpc_endpoint probe, *e = NULL;

	memset(&probe.key, 0, sizeof(probe.key));
	probe.key.addr = addr;
	probe.key.port = port;
	HASH_FIND(hh, s->rpc_tcp->endpoints, &probe.key, sizeof(probe.key), e);
	return e;
}

static int port_in_use(const struct sensor *s, uint16_t port)
{
	return port == RPC_EPMAP_PORT || s->rpc_tcp->refs[port];
}

int rpc_tcp_wanted(const struct sensor *s, const uint8_t *tcp, size_t n)
{
	size_t doff;

	if (!s->rpc_tcp || n < 20)
		return 0;
	if (port_in_use(s, (uint16_t)(tcp[0] << 8 | tcp[1])) || port_in_use(s, (uint16_t)(tcp[2] << 8 | tcp[3])))
		return 1;
	doff = (size_t)(tcp[12] >> 4) * 4;
	return doff >= 20 && doff < n && dcerpc_starts_association(tcp + doff, n - doff);
}

/* The direction of a segment of a connection already followed, or -1. */
static int existing(struct sensor *s, const struct tcp_seg *t)
{
	struct conn_key k = { t->saddr, t->daddr, t->sport, t->dport };
	struct conn_key r = { t->daddr, t->saddr, t->dport, t->sport };
	struct conn *c;

	if ((c = flow_find(s, &k)) && c->rpc_tcp)
		return 1;
	if ((c = flow_find(s, &r)) && c->rpc_tcp)
		return 0;
	return -1;
}

/* A new connection: to the mapper, to a learned endpoint (from its SYN on),
 * or a client's BIND at the start of a segment on any port. */
static int new_conn(struct sensor *s, const struct tcp_seg *t, const uint8_t *ip, size_t caplen)
{
	int bind = t->payload && caplen > t->payload_off &&
		   dcerpc_starts_association(ip + t->payload_off, caplen - t->payload_off);
	int syn = (t->flags & (TCP_SYN | TCP_ACK | TCP_RST)) == TCP_SYN;

	if (t->dport == RPC_EPMAP_PORT)
		return 1;
	if (t->sport == RPC_EPMAP_PORT)
		return 0;
	if (bind || (syn && s->rpc_tcp->refs[t->dport] && endpoint_find(s, t->daddr, t->dport)))
		return 1;
	return -1;
}

int rpc_tcp_classify(struct sensor *s, const struct tcp_seg *t, const uint8_t *ip, size_t caplen)
{
	int from_client;

	if (!s->rpc_tcp)
		return -1;
	if ((port_in_use(s, t->dport) || port_in_use(s, t->sport)) && (from_client = existing(s, t)) >= 0)
		return from_client;
	if (!t->payload && !(t->flags & TCP_SYN) && t->dport != RPC_EPMAP_PORT && t->sport != RPC_EPMAP_PORT)
		return -1;
	return new_conn(s, t, ip, caplen);
}

void rpc_tcp_conn_open(struct sensor *s, struct conn *c)
{
	c->rpc_tcp = 1;
	s->rpc_tcp->refs[c->key.srv_port]++;
	s->st.rpc_tcp_conns++;
}

void rpc_tcp_conn_close(struct sensor *s, struct conn *c)
{
	if (c->rpc_tcp)
		s->rpc_tcp->refs[c->key.srv_port]--;
}

static void forget_endpoint(struct rpc_tcp *rt, struct rpc_endpoint *e)
{
	rt->refs[e->key.port]--;
	HASH_DEL(rt->endpoints, e);
	free(e);
}

void rpc_tcp_learn(struct sensor *s, const struct conn *c, uint32_t addr, uint16_t port)
{
	struct rpc_tcp *rt = s->rpc_tcp;
	struct rpc_endpoint *e;

	if (!rt)
		return;
	if (!addr)
		addr = c->key.srv_addr;
	if ((e = endpoint_find(s, addr, port))) { /* known: now the youngest */
		HASH_DEL(rt->endpoints, e);
		HASH_ADD(hh, rt->endpoints, key, sizeof(e->key), e);
		return;
	}
	if (HASH_COUNT(rt->endpoints) >= s->cfg.rpc_max_endpoints) {
		forget_endpoint(rt, rt->endpoints);
		s->st.rpc_endpoints_evicted++;
	}
	if (!(e = calloc(1, sizeof(*e)))) {
		s->st.rpc_endpoints_alloc_failed++;
		return;
	}
	e->key.addr = addr;
	e->key.port = port;
	HASH_ADD(hh, rt->endpoints, key, sizeof(e->key), e);
	rt->refs[port]++;
	s->st.rpc_endpoints_learned++;
}

void rpc_tcp_free(struct sensor *s)
{
	struct rpc_endpoint *e, *tmp;

	if (!s->rpc_tcp)
		return;
	HASH_ITER(hh, s->rpc_tcp->endpoints, e, tmp) {
		HASH_DEL(s->rpc_tcp->endpoints, e);
		free(e);
	}
	free(s->rpc_tcp);
	s->rpc_tcp = NULL;
}
