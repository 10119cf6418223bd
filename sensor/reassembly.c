/* libnids 1.26 as ../shared/LIBNIDS.md measured it: our own DLT_RAW handle,
 * checksums and scan detection off, warnings counted instead of syslogged.
 * Every TCP packet on 445/139, and of DCE/RPC connections (rpc_tcp.h), is
 * first seen here; other TCP never reaches libnids. It opens or refreshes our
 * connection record (so idle expiry and eviction follow activity, not
 * libnids' creation order), and a connection whose handshake we never saw
 * is started in libnids with a synthetic one. libnids is only ever called
 * between packets, never from inside its own callbacks. */
#include <arpa/inet.h>
#include <netinet/tcp.h>
#include <nids.h>
#include <string.h>

#include "flows.h"
#include "ipv6map.h"
#include "logs.h"
#include "reader.h"
#include "reassembly.h"
#include "recovery.h"
#include "rpc_tcp.h"
#include "tcpseg.h"

#define HOUSEKEEPING_US 1000000

/* libnids is process-global, and so its callbacks' view of the sensor. */
static struct sensor *reasm_sensor;
static pcap_t *reasm_dead;
/* libnids keeps this pointer: it must outlive nids_exit. */
static struct nids_chksum_ctl reasm_nochk = { 0, 0, NIDS_DONT_CHKSUM, 0 };

static int is_smb_port(uint16_t p)
{
	return p == 445 || p == 139;
}

static void reasm_warning(int type, int errnum, struct ip *iph, void *data)
{
	struct sensor_stats *st = &reasm_sensor->st;

	(void)iph;
	(void)data;
	if (type == NIDS_WARN_IP)
		st->nids_ip_warnings++;
	else if (type != NIDS_WARN_TCP)
		st->nids_other_warnings++;
	else if (errnum == NIDS_WARN_TCP_TOOMUCH)
		st->nids_tcp_toomuch++;
	else if (errnum == NIDS_WARN_TCP_BIGQUEUE)
		st->nids_tcp_bigqueue++;
	else if (errnum == NIDS_WARN_TCP_HDR)
		st->nids_tcp_hdr++;
	else if (errnum == NIDS_WARN_TCP_BADFLAGS)
		st->nids_tcp_badflags++;
	else
		st->nids_other_warnings++;
}

static struct tuple4 tuple_of(const struct conn_key *k)
{
	struct tuple4 t = { .source = k->cli_port, .dest = k->srv_port, .saddr = k->cli_addr, .daddr = k->srv_addr };

	return t;
}

/* Our record exists before libnids establishes the stream: every packet
 * passes through track() first. */
static void established(struct sensor *s, struct tcp_stream *a)
{
	struct conn_key k = { a->addr.saddr, a->addr.daddr, a->addr.source, a->addr.dest };
	struct conn *c = flow_find(s, &k);

	if (!c)
		return;
	a->user = c;
	c->stream = a;
	if (s->picking_up)
		flow_midstream(c);
	a->client.collect++;
	a->server.collect++;
}

static void reasm_tcp(struct tcp_stream *a, void **param)
{
	struct conn *c = a->user;

	(void)param;
	if (a->nids_state == NIDS_JUST_EST) {
		established(reasm_sensor, a);
	} else if (c && a->nids_state == NIDS_DATA) {
		if (a->server.count_new)
			flow_data(c, 1, (const uint8_t *)a->server.data, (size_t)a->server.count_new);
		if (a->client.count_new)
			flow_data(c, 0, (const uint8_t *)a->client.data, (size_t)a->client.count_new);
	} else if (c) {
		/* CLOSE, RESET, TIMED_OUT, EXITING: libnids is done with it. */
		c->stream = NULL;
		a->user = NULL;
	}
}

int reasm_init(struct sensor *s, char *err, size_t errlen)
{
	reasm_sensor = s;
	reasm_dead = pcap_open_dead(DLT_RAW, 262144);
	if (!reasm_dead) {
		snprintf(err, errlen, "cannot create the libnids packet handle");
		return -1;
	}
	nids_params.pcap_desc = reasm_dead;
	/* libnids holds 3/4 of this: room for every connection we track, so
	 * that it never evicts on its own (by age) before we do (by activity). */
	nids_params.n_tcp_streams = (int)(s->cfg.max_connections / 3 * 4 + 16);
	nids_params.n_hosts = 256;
	nids_params.scan_num_hosts = 0;
	nids_params.syslog = reasm_warning;
	nids_params.promisc = 0;
	nids_register_chksum_ctl(&reasm_nochk, 1);
	if (!nids_init()) {
		snprintf(err, errlen, "libnids: %s", nids_errbuf);
		pcap_close(reasm_dead);
		reasm_dead = NULL;
		return -1;
	}
	nids_register_tcp(reasm_tcp);
	return 0;
}

static void feed(const struct timeval *ts, const uint8_t *pkt, size_t caplen, size_t wirelen)
{
	struct pcap_pkthdr h;

	h.ts = *ts;
	h.caplen = (bpf_u_int32)caplen;
	h.len = (bpf_u_int32)wirelen;
	nids_pcap_handler(NULL, &h, (u_char *)(uintptr_t)pkt);
}

void reasm_feed_synthetic(const struct timeval *ts, const struct tcp_seg *t)
{
	static uint8_t pkt[IP_MAXPACKET];
	size_t n = tcpseg_build(pkt, sizeof(pkt), t);

	if (n)
		feed(ts, pkt, n, n);
}

/* Our record goes, and with it libnids' stream if it has one. */
static void forget(struct conn *c, enum conn_end how)
{
	struct tuple4 tu = tuple_of(&c->key);
	struct tcp_stream *a = nids_find_tcp_stream(&tu);

	if (a) {
		a->user = NULL;
		nids_free_tcp_stream(a);
	}
	flow_close(c, how);
}

static void housekeeping(struct sensor *s)
{
	struct conn *c;

	if (s->now_us < s->next_housekeeping_us)
		return;
	s->next_housekeeping_us = s->now_us + HOUSEKEEPING_US;
	while ((c = flow_expired(s, s->now_us)))
		forget(c, CONN_IDLE);
	logs_flush(s->logs); /* a crash loses at most this second's rows */
}

static struct conn_key key_of(const struct tcp_seg *t, int from_client)
{
	struct conn_key k = { t->saddr, t->daddr, t->sport, t->dport };

	if (!from_client) {
		k.cli_addr = t->daddr;
		k.srv_addr = t->saddr;
		k.cli_port = t->dport;
		k.srv_port = t->sport;
	}
	return k;
}

/* A client SYN that is not a retransmission of the one we saw starts a new
 * connection on the 4-tuple: libnids would ignore it for an hour. */
static int new_syn(const struct conn *c, const struct tcp_seg *t, int from_client)
{
	return from_client && (t->flags & (TCP_SYN | TCP_ACK)) == TCP_SYN && (!c->syn_seen || t->seq != c->client_isn);
}

static struct conn *track(struct sensor *s, const struct tcp_seg *t, int from_client, int rpc)
{
	struct conn_key k = key_of(t, from_client);
	struct conn *c = flow_find(s, &k);

	if (c && new_syn(c, t, from_client) && (c->syn_seen || c->stream)) {
		forget(c, CONN_REUSED);
		c = NULL;
	}
	if (!c) {
		if (flow_full(s))
			forget(flow_victim(s), CONN_EVICTED);
		c = flow_open(s, &k);
		if (!c) {
			s->st.conns_alloc_failed++;
			return NULL;
		}
		if (rpc)
			rpc_tcp_conn_open(s, c);
	}
	flow_packet(c, from_client, t);
	return c;
}

/* libnids drops an IPv4 packet whose total length is not all captured. Two
 * cases keep data worth having, and get a copy whose total length is what
 * was captured: a segment from a host with TCP segmentation offload, whose
 * total length is 0 (the NIC fills it in), and a segment cut by the
 * snaplen, whose captured part is real data (recovery fills the rest as a
 * hole). */
static const uint8_t *fix_ip_length(struct sensor *s, const uint8_t *ip, size_t *caplen)
{
	static uint8_t copy[IP_MAXPACKET];
	struct rd r = rd_init(ip, *caplen);
	uint8_t vihl = rd_u8(&r);
	uint16_t total;

	rd_skip(&r, 1);
	total = rd_be16(&r);
	if (!rd_ok(&r) || vihl >> 4 != 4 || *caplen < 40 || (total != 0 && total <= *caplen))
		return ip;
	if (*caplen > sizeof(copy))
		*caplen = sizeof(copy);
	memcpy(copy, ip, *caplen);
	copy[2] = (uint8_t)(*caplen >> 8);
	copy[3] = (uint8_t)*caplen;
	if (total == 0) {
		s->st.pkts_tso_fixed++;
	} else {
		s->st.pkts_snaplen_cut++;
		if (!s->ip_bytes)
			s->ip_bytes = total; /* conn.log counts what was sent */
	}
	return copy;
}

/* A pure ACK inside an established stream changes nothing in libnids but
 * its sender's acknowledgement and window (process_tcp: handle_ack, then
 * the window): set those directly and spare libnids two hash lookups and
 * its whole packet path, a third of all packets in bulk transfers. The
 * handshake and the close still go through libnids. */
static int ack_only(struct conn *c, const struct tcp_seg *t, int from_client)
{
	struct tcp_stream *a = c->stream;
	struct half_stream *snd;

	if (!a || t->payload || (t->flags & (TCP_SYN | TCP_FIN | TCP_RST | TCP_ACK)) != TCP_ACK ||
	    a->nids_state != NIDS_DATA || a->client.state != TCP_ESTABLISHED || a->server.state != TCP_ESTABLISHED)
		return 0;
	snd = from_client ? &a->client : &a->server;
	if ((int32_t)(t->ack - snd->ack_seq) > 0)
		snd->ack_seq = t->ack;
	snd->window = t->window;
	return 1;
}

void reasm_ipv4(struct sensor *s, const struct timeval *ts, const uint8_t *ip, size_t caplen, size_t wirelen)
{
	struct tcp_seg t;
	struct conn *c = NULL;
	int from_client = 0, parsed;
	unsigned token = 0;

	housekeeping(s);
	parsed = tcpseg_parse_ipv4(ip, caplen, &t) == 0;
	if (!parsed || t.ip_len > caplen) { /* rare: TSO or snaplen */
		ip = fix_ip_length(s, ip, &caplen);
		parsed = tcpseg_parse_ipv4(ip, caplen, &t) == 0;
	}
	if (parsed) {
		int smb = is_smb_port(t.dport) || is_smb_port(t.sport);

		from_client = smb ? is_smb_port(t.dport) : rpc_tcp_classify(s, &t, ip, caplen);
		if (from_client < 0) { /* neither SMB nor DCE/RPC */
			s->ip_bytes = 0;
			return;
		}
		c = track(s, &t, from_client, !smb);
		if (c)
			token = recovery_before(s, c, ts, &t, from_client);
		if (c && ack_only(c, &t, from_client)) {
			s->st.pkts_ack_only++;
			s->ip_bytes = 0;
			return;
		}
	}
	feed(ts, ip, caplen, wirelen);
	if (c) /* libnids' callbacks never free our records */
		recovery_after(c, &t, from_client, token);
	s->ip_bytes = 0;
}

void reasm_ipv6(struct sensor *s, const struct timeval *ts, const uint8_t *ip6, size_t caplen)
{
	static uint8_t v4[IP_MAXPACKET];
	size_t n;

	s->st.pkts_ipv6++;
	n = ipv6_to_ipv4(s, ip6, caplen, v4, sizeof(v4));
	if (n) {
		s->ip_bytes = ipv6_wire_length(ip6, caplen);
		reasm_ipv4(s, ts, v4, n, n);
	}
}

void reasm_tick(struct sensor *s)
{
	housekeeping(s);
}

void reasm_finish(struct sensor *s)
{
	if (reasm_dead) {
		nids_exit();
		/* nids_exit keeps the callback list and the next nids_init drops
		 * it: without this, every restart of libnids in one process (the
		 * pipeline fuzz target runs one per input) leaks its node. */
		nids_unregister_tcp(reasm_tcp);
		pcap_close(reasm_dead);
		reasm_dead = NULL;
	}
	flow_close_all(s);
	ipv6_free_all(s);
}
