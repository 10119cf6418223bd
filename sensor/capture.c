/* Offline and live packet loops. Live capture uses non-blocking reads and
 * poll(): with TPACKET_V3 a read timeout does not wake an idle loop. */
#include <errno.h>
#include <linux/if_packet.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "capture.h"
#include "linklayer.h"
#include "log_stats.h"
#include "logs.h"
#include "reassembly.h"
#include "report.h"
#include "sensor.h"

#define LIVE_SNAPLEN 262144
/* BPF's "tcp" does not look past IPv6 extension headers: those packets are
 * let through and judged by the sensor. DCE/RPC over TCP can be on any
 * port, so with it every TCP packet is let through, and judged by the
 * sensor from its ports and first bytes (rpc_tcp.h). */
#define IPV6_EXT_BPF "(ip6 and (ip6[6] == 0 or ip6[6] == 43 or ip6[6] == 44 or ip6[6] == 51 or ip6[6] == 60))"
#define SMB_PORTS_BPF "(tcp port 445 or tcp port 139 or " IPV6_EXT_BPF ")"
#define ALL_TCP_BPF "(tcp or " IPV6_EXT_BPF ")"
#define TICK_MS 1000
#define OFFLINE_READ_BUFFER (1 << 20)
#define PROGRESS_EVERY_PKTS 4096

struct progress {
	int on;
	off_t total;
	double start, last;
	uint64_t pkts_at_start;
};

/* The "vlan" keyword shifts every later offset in the expression, so the
 * base test is repeated after each one: untagged, one tag, two tags (QinQ). */
int capture_filter(char *out, size_t n, int vlan_capable, int all_tcp, const char *user)
{
	const char *ours = all_tcp ? ALL_TCP_BPF : SMB_PORTS_BPF;
	char base[2048];
	int rc;

	if (user && *user)
		rc = snprintf(base, sizeof(base), "(%s and (%s))", ours, user);
	else
		rc = snprintf(base, sizeof(base), "%s", ours);
	if (rc < 0 || (size_t)rc >= sizeof(base))
		return -1;
	if (vlan_capable)
		rc = snprintf(out, n, "%s or (vlan and %s) or (vlan and %s)", base, base, base);
	else
		rc = snprintf(out, n, "%s", base);
	return rc < 0 || (size_t)rc >= n ? -1 : 0;
}

static double wall_now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void packet(struct sensor *s, int dlt, const struct pcap_pkthdr *h, const uint8_t *data)
{
	size_t off = 0;

	s->st.pkts++;
	s->st.bytes += h->len;
	s->now_us = (int64_t)h->ts.tv_sec * 1000000 + h->ts.tv_usec;
	if (s->st.pkts == 1)
		s->first_us = s->now_us;
	s->last_us = s->now_us;
	switch (l2_decode(dlt, data, h->caplen, &off)) {
	case L3_IPV4:
		reasm_ipv4(s, &h->ts, data + off, h->caplen - off, h->len > off ? h->len - off : 0);
		break;
	case L3_IPV6:
		reasm_ipv6(s, &h->ts, data + off, h->caplen - off);
		break;
	case L3_SHORT:
		s->st.pkts_short++;
		break;
	default:
		s->st.pkts_l2_unknown++;
		break;
	}
}

static int set_filter(pcap_t *p, int all_tcp, const char *user, char *err, size_t errlen)
{
	struct bpf_program prog;
	char expr[8192];
	int rc;

	if (capture_filter(expr, sizeof(expr), pcap_datalink(p) == DLT_EN10MB, all_tcp, user) < 0) {
		snprintf(err, errlen, "filter expression too long");
		return CAPTURE_ERR_FILTER;
	}
	if (pcap_compile(p, &prog, expr, 1, PCAP_NETMASK_UNKNOWN) < 0) {
		snprintf(err, errlen, "bad filter '%s': %s", user ? user : expr, pcap_geterr(p));
		return CAPTURE_ERR_FILTER;
	}
	rc = pcap_setfilter(p, &prog);
	pcap_freecode(&prog);
	if (rc < 0) {
		snprintf(err, errlen, "cannot set filter: %s", pcap_geterr(p));
		return CAPTURE_ERR_FILTER;
	}
	return CAPTURE_OK;
}

/* libpcap reads each record with two small freads; a large stdio buffer
 * turns the default 4 KiB read(2) calls into a few big ones. */
static pcap_t *open_offline(const char *file, char *err, size_t errlen)
{
	char ebuf[PCAP_ERRBUF_SIZE] = "";
	FILE *f = strcmp(file, "-") ? fopen(file, "rb") : stdin;
	pcap_t *p;

	if (!f) {
		snprintf(err, errlen, "cannot read %s: %s", file, strerror(errno));
		return NULL;
	}
	setvbuf(f, NULL, _IOFBF, OFFLINE_READ_BUFFER);
	p = pcap_fopen_offline_with_tstamp_precision(f, PCAP_TSTAMP_PRECISION_MICRO, ebuf);
	if (!p) {
		snprintf(err, errlen, "cannot read %s: %s", file, ebuf);
		fclose(f);
	}
	return p;
}

/* libpcap's default 2 MiB ring holds only a few 256 KiB-snaplen frames:
 * bursts on a busy link (or on lo) would be dropped by the kernel. */
static pcap_t *open_live(const char *iface, unsigned buffer_bytes, char *err, size_t errlen)
{
	char ebuf[PCAP_ERRBUF_SIZE] = "";
	pcap_t *p = pcap_create(iface, ebuf);
	int rc;

	if (!p) {
		snprintf(err, errlen, "cannot open interface %s: %s", iface, ebuf);
		return NULL;
	}
	pcap_set_snaplen(p, LIVE_SNAPLEN);
	pcap_set_promisc(p, 1);
	pcap_set_immediate_mode(p, 1);
	pcap_set_buffer_size(p, (int)buffer_bytes);
	rc = pcap_activate(p);
	if (rc < 0) {
		snprintf(err, errlen, "cannot capture on %s: %s%s%s", iface, pcap_statustostr(rc),
			 *pcap_geterr(p) ? ": " : "", pcap_geterr(p));
		pcap_close(p);
		return NULL;
	}
	if (pcap_setnonblock(p, 1, ebuf) < 0) {
		snprintf(err, errlen, "cannot capture on %s: %s", iface, ebuf);
		pcap_close(p);
		return NULL;
	}
	return p;
}

static void progress_start(struct progress *pg, const struct capture_opts *o)
{
	struct stat sb;

	memset(pg, 0, sizeof(*pg));
	pg->on = o->progress > 0 || (o->progress < 0 && isatty(STDERR_FILENO));
	if (pg->on && stat(o->file, &sb) == 0 && S_ISREG(sb.st_mode))
		pg->total = sb.st_size;
	pg->start = pg->last = wall_now();
}

static void progress_show(struct progress *pg, pcap_t *p, const struct sensor *s, int final)
{
	double now = wall_now(), el;
	off_t pos;

	if (!pg->on || (!final && now - pg->last < 0.5))
		return;
	pg->last = now;
	el = now - pg->start > 1e-6 ? now - pg->start : 1e-6;
	pos = final && pg->total ? pg->total : ftello(pcap_file(p));
	if (pg->total)
		fprintf(stderr, "\rsmbsensor: %.1f/%.1f MB (%.0f%%), %.0f packets/s, ETA %.0f s   ",
			(double)pos / 1e6, (double)pg->total / 1e6, 100.0 * (double)pos / (double)pg->total,
			(double)s->st.pkts / el, pos > 0 && !final ? el * (double)(pg->total - pos) / (double)pos : 0.0);
	else /* a pipe: no size, no position, so no ETA */
		fprintf(stderr, "\rsmbsensor: %llu packets, %.1f MB, %.0f packets/s   ",
			(unsigned long long)s->st.pkts, (double)s->st.bytes / 1e6, (double)s->st.pkts / el);
	if (final)
		fputc('\n', stderr);
}

/* What the signal handlers asked for, done between packets. */
void capture_requests(struct sensor *s, const struct capture_opts *o)
{
	if (o->report && *o->report) {
		*o->report = 0;
		report_print(stderr, s);
	}
	if (o->reopen && *o->reopen) {
		*o->reopen = 0;
		logs_reopen(s->logs);
	}
}

static int loop_offline(struct sensor *s, pcap_t *p, const struct capture_opts *o, char *err, size_t errlen)
{
	struct pcap_pkthdr *h;
	const u_char *data;
	struct progress pg;
	int dlt = pcap_datalink(p), rc = 0;

	progress_start(&pg, o);
	while (!*o->stop && (rc = pcap_next_ex(p, &h, &data)) == 1) {
		packet(s, dlt, h, data);
		capture_requests(s, o);
		if (s->st.pkts % PROGRESS_EVERY_PKTS == 0)
			progress_show(&pg, p, s, 0);
	}
	progress_show(&pg, p, s, 1);
	if (*o->stop) {
		snprintf(err, errlen, "%s: interrupted after %llu packets", o->file, (unsigned long long)s->st.pkts);
		return CAPTURE_ERR_READ;
	}
	if (rc == -1) {
		snprintf(err, errlen, "%s: input ended early after %llu packets: %s", o->file,
			 (unsigned long long)s->st.pkts, pcap_geterr(p));
		return CAPTURE_ERR_READ;
	}
	return CAPTURE_OK;
}

static void live_stats(struct sensor *s, pcap_t *p)
{
	struct pcap_stat ps;

	if (pcap_stats(p, &ps) == 0) {
		s->st.pcap_recv = ps.ps_recv;
		s->st.pcap_drop = ps.ps_drop;
		s->st.pcap_ifdrop = ps.ps_ifdrop;
	}
}

static void live_cb(u_char *user, const struct pcap_pkthdr *h, const u_char *data)
{
	struct sensor *s = (struct sensor *)(void *)user;

	packet(s, s->dlt, h, data);
}

/* Packet time stands still on a quiet link; like Zeek's network time, it
 * follows the wall clock then, so idle connections still expire. */
void capture_wall_clock(struct sensor *s)
{
	struct timespec t;
	int64_t wall;

	clock_gettime(CLOCK_REALTIME, &t);
	wall = (int64_t)t.tv_sec * 1000000 + t.tv_nsec / 1000;
	if (wall > s->now_us)
		s->now_us = wall;
}

/* On a fixed grid, not drifting by a tick each time. */
int capture_stats_due(const struct sensor *s, int64_t *next)
{
	int64_t every = (int64_t)s->cfg.stats_interval * 1000000;

	if (!*next)
		*next = s->now_us + every;
	if (s->now_us < *next)
		return 0;
	while (*next <= s->now_us)
		*next += every;
	return 1;
}

static int loop_live(struct sensor *s, pcap_t *p, const struct capture_opts *o, char *err, size_t errlen)
{
	struct pollfd pfd = { pcap_get_selectable_fd(p), POLLIN, 0 };
	int64_t next_stats = 0;

	s->dlt = pcap_datalink(p);
	while (!*o->stop) {
		if (poll(&pfd, 1, TICK_MS) < 0 && errno != EINTR) {
			snprintf(err, errlen, "poll: %s", strerror(errno));
			return CAPTURE_ERR_READ;
		}
		if (pcap_dispatch(p, -1, live_cb, (u_char *)s) < 0) {
			snprintf(err, errlen, "capture on %s failed: %s", o->iface, pcap_geterr(p));
			return CAPTURE_ERR_READ;
		}
		capture_wall_clock(s);
		reasm_tick(s);
		live_stats(s, p);
		if (o->tick) {
			o->tick(s, o->tick_ctx);
			continue;
		}
		if (capture_stats_due(s, &next_stats))
			log_stats_write(s->logs, &s->st, s->now_us);
		logs_flush(s->logs);
		capture_requests(s, o);
	}
	return CAPTURE_OK;
}

static void discard(u_char *user, const struct pcap_pkthdr *h, const u_char *data)
{
	(void)h;
	(void)data;
	((struct sensor *)(void *)user)->st.pkts_before_fanout++;
}

/* Until it joins the group a socket gets every packet: what it queued
 * before is dropped (and counted), or another member would see it too. */
static int join_fanout(struct sensor *s, pcap_t *p, unsigned group, char *err, size_t errlen)
{
	unsigned arg = (group & 0xffff) | (unsigned)(PACKET_FANOUT_HASH | PACKET_FANOUT_FLAG_DEFRAG) << 16;

	if (setsockopt(pcap_fileno(p), SOL_PACKET, PACKET_FANOUT, &arg, sizeof(arg)) < 0) {
		snprintf(err, errlen, "cannot join packet fanout group %u: %s", group, strerror(errno));
		return -1;
	}
	while (pcap_dispatch(p, -1, discard, (u_char *)s) > 0)
		;
	return 0;
}

int capture_run(struct sensor *s, const struct capture_opts *o, char *err, size_t errlen)
{
	pcap_t *p = o->file ? open_offline(o->file, err, errlen) : open_live(o->iface, o->buffer_bytes, err, errlen);
	int rc;

	if (!p)
		return CAPTURE_ERR_OPEN;
	if (!l2_supported(pcap_datalink(p))) {
		snprintf(err, errlen, "%s: unsupported link type %s", o->file ? o->file : o->iface,
			 pcap_datalink_val_to_name(pcap_datalink(p)) ? pcap_datalink_val_to_name(pcap_datalink(p)) : "?");
		pcap_close(p);
		return CAPTURE_ERR_OPEN;
	}
	rc = set_filter(p, s->cfg.dcerpc_tcp, o->filter, err, errlen);
	if (rc == CAPTURE_OK && o->iface && o->fanout_group && join_fanout(s, p, o->fanout_group, err, errlen) < 0)
		rc = CAPTURE_ERR_OPEN;
	if (rc == CAPTURE_OK && reasm_init(s, err, errlen) < 0)
		rc = CAPTURE_ERR_INTERNAL;
	if (rc == CAPTURE_OK && o->opened && o->opened(o->opened_ctx, err, errlen) < 0) {
		reasm_finish(s);
		rc = CAPTURE_ERR_PRIVS;
	}
	if (rc == CAPTURE_OK) {
		rc = o->file ? loop_offline(s, p, o, err, errlen) : loop_live(s, p, o, err, errlen);
		reasm_finish(s);
	}
	pcap_close(p);
	return rc;
}
