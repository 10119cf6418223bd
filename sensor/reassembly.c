/* libnids 1.26 as ../shared/LIBNIDS.md measured it: our own DLT_RAW handle,
 * checksums and scan detection off, warnings counted instead of syslogged,
 * and a synthetic handshake for connections whose SYN we never saw. */
#include <arpa/inet.h>
#include <nids.h>
#include <string.h>

#include "flows.h"
#include "reader.h"
#include "reassembly.h"

#define TH_FIN_ 0x01
#define TH_SYN_ 0x02
#define TH_RST_ 0x04
#define TH_ACK_ 0x10
#define SYNTH_WINDOW 65535
#define SYNTH_WSCALE 14

/* libnids is process-global, and so its callbacks' view of the sensor. */
static struct sensor *reasm_sensor;
static pcap_t *reasm_dead;
/* libnids keeps this pointer: it must outlive nids_exit. */
static struct nids_chksum_ctl reasm_nochk = { 0, 0, NIDS_DONT_CHKSUM, 0 };

struct tcp_seg {
	uint32_t saddr, daddr;   /* network byte order */
	uint16_t sport, dport;
	uint32_t seq, ack;
	uint8_t flags;
	size_t payload;
};

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

static struct conn_key key_of(const struct tuple4 *t)
{
	struct conn_key k = { t->saddr, t->daddr, t->source, t->dest };

	return k;
}

static void established(struct sensor *s, struct tcp_stream *a)
{
	struct conn_key k = key_of(&a->addr);
	struct conn *c = flow_find(s, &k);

	if (!is_smb_port(a->addr.dest))
		return;
	if (c)
		flow_close(c, CONN_CLOSED);
	c = flow_open(s, &k, s->picking_up);
	if (!c)
		return;
	a->user = c;
	a->client.collect++;
	a->server.collect++;
}

static void reasm_tcp(struct tcp_stream *a, void **param)
{
	struct sensor *s = reasm_sensor;
	struct conn *c = a->user;
	static const enum conn_end ends[] = {
		[NIDS_CLOSE] = CONN_CLOSED, [NIDS_RESET] = CONN_RESET,
		[NIDS_TIMED_OUT] = CONN_TIMED_OUT, [NIDS_EXITING] = CONN_AT_EXIT,
	};

	(void)param;
	if (a->nids_state == NIDS_JUST_EST) {
		established(s, a);
	} else if (c && a->nids_state == NIDS_DATA) {
		if (a->server.count_new)
			flow_data(c, 1, (const uint8_t *)a->server.data, (size_t)a->server.count_new);
		if (a->client.count_new)
			flow_data(c, 0, (const uint8_t *)a->client.data, (size_t)a->client.count_new);
	} else if (c && a->nids_state >= NIDS_CLOSE && a->nids_state <= NIDS_EXITING) {
		flow_close(c, ends[(int)a->nids_state]);
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
	nids_params.n_tcp_streams = (int)s->cfg.max_connections;
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

/* IPv4 + TCP headers of a packet; -1 when it is not an unfragmented TCP
 * segment whose headers were captured. */
static int parse_tcp(const uint8_t *ip, size_t caplen, struct tcp_seg *t)
{
	struct rd r = rd_init(ip, caplen);
	uint8_t vihl = rd_u8(&r);
	size_t ihl = (size_t)(vihl & 0x0f) * 4;
	uint16_t total, frag;
	uint8_t proto, doff;
	const uint8_t *src, *dst;

	rd_skip(&r, 1);
	total = rd_be16(&r);
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
	if (!rd_ok(&r) || (vihl >> 4) != 4 || ihl < 20 || proto != IPPROTO_TCP || (frag & 0x3fff) ||
	    total < ihl + (size_t)doff * 4)
		return -1;
	memcpy(&t->saddr, src, 4);
	memcpy(&t->daddr, dst, 4);
	t->payload = total - ihl - (size_t)doff * 4;
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

static void put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }
static void put32(uint8_t *p, uint32_t v) { put16(p, (uint16_t)(v >> 16)); put16(p + 2, (uint16_t)v); }

/* One synthetic segment from a to b. SYNs carry window scaling (without it
 * real segments fall outside the window) and no timestamps (PAWS would then
 * drop the real ones). */
static void synth(const struct timeval *ts, uint32_t a, uint32_t b, uint16_t pa,
		  uint16_t pb, uint32_t seq, uint32_t ack, uint8_t flags)
{
	uint8_t p[44] = { 0 };
	size_t tcplen = (flags & TH_SYN_) ? 24 : 20;

	p[0] = 0x45;
	put16(p + 2, (uint16_t)(20 + tcplen));
	p[8] = 64;
	p[9] = IPPROTO_TCP;
	memcpy(p + 12, &a, 4);
	memcpy(p + 16, &b, 4);
	put16(p + 20, pa);
	put16(p + 22, pb);
	put32(p + 24, seq);
	put32(p + 28, ack);
	p[32] = (uint8_t)((tcplen / 4) << 4);
	p[33] = flags;
	put16(p + 34, SYNTH_WINDOW);
	if (flags & TH_SYN_) {
		p[40] = 1;            /* NOP */
		p[41] = 3;            /* window scale */
		p[42] = 3;
		p[43] = SYNTH_WSCALE;
	}
	feed(ts, p, 20 + tcplen, 20 + tcplen);
}

/* Start libnids on a connection already under way. C and S are the next
 * client and server sequence numbers, from this segment's seq and ack. */
static void pickup(struct sensor *s, const struct timeval *ts, const struct tcp_seg *t)
{
	int from_client = is_smb_port(t->dport);
	uint32_t ca = from_client ? t->saddr : t->daddr, sa = from_client ? t->daddr : t->saddr;
	uint16_t cp = from_client ? t->sport : t->dport, sp = from_client ? t->dport : t->sport;
	uint32_t cseq = from_client ? t->seq : t->ack, sseq = from_client ? t->ack : t->seq;
	struct tuple4 tu = { .saddr = ca, .daddr = sa, .source = cp, .dest = sp };
	struct tcp_stream *old = nids_find_tcp_stream(&tu);

	if (old)
		nids_free_tcp_stream(old);
	s->picking_up = 1;
	synth(ts, ca, sa, cp, sp, cseq - 1, 0, TH_SYN_);
	synth(ts, sa, ca, sp, cp, sseq - 1, cseq, TH_SYN_ | TH_ACK_);
	synth(ts, ca, sa, cp, sp, cseq, sseq, TH_ACK_);
	s->picking_up = 0;
}

static int needs_pickup(struct sensor *s, const struct tcp_seg *t)
{
	struct conn_key k;

	if (t->payload == 0 || (t->flags & (TH_SYN_ | TH_RST_)))
		return 0;
	if (is_smb_port(t->dport))
		k = (struct conn_key){ t->saddr, t->daddr, t->sport, t->dport };
	else if (is_smb_port(t->sport))
		k = (struct conn_key){ t->daddr, t->saddr, t->dport, t->sport };
	else
		return 0;
	return flow_find(s, &k) == NULL;
}

/* Captured on the sending host with TCP segmentation offload, a segment
 * larger than the MTU has an IP total length of 0 (the NIC fills it in).
 * libnids drops those; give it a copy with the length it will have. */
static const uint8_t *fix_tso_length(struct sensor *s, const uint8_t *ip, size_t *caplen)
{
	static uint8_t copy[IP_MAXPACKET];
	struct rd r = rd_init(ip, *caplen);
	uint8_t vihl = rd_u8(&r);
	uint16_t total;

	rd_skip(&r, 1);
	total = rd_be16(&r);
	if (!rd_ok(&r) || vihl >> 4 != 4 || total != 0 || *caplen < 40)
		return ip;
	if (*caplen > sizeof(copy))
		*caplen = sizeof(copy);
	memcpy(copy, ip, *caplen);
	put16(copy + 2, (uint16_t)*caplen);
	s->st.pkts_tso_fixed++;
	return copy;
}

void reasm_ipv4(struct sensor *s, const struct timeval *ts, const uint8_t *ip, size_t caplen, size_t wirelen)
{
	struct tcp_seg t;

	ip = fix_tso_length(s, ip, &caplen);

	if (parse_tcp(ip, caplen, &t) == 0 && needs_pickup(s, &t))
		pickup(s, ts, &t);
	feed(ts, ip, caplen, wirelen);
}

void reasm_finish(struct sensor *s)
{
	if (reasm_dead) {
		nids_exit();
		pcap_close(reasm_dead);
		reasm_dead = NULL;
	}
	flow_close_all(s);
}
