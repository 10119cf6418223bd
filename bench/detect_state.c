/* bench/detect_state.c - the fan-out detector's state at scale (issue 6:
 * "Detector state for 100,000 accounts x 20 hosts stays under 200 MB RSS").
 *
 * 100,000 accounts CORP\userNNNNNN, each from its own workstation 10.x.y.z,
 * reach 20 distinct servers drawn from a pool of 5,000 (deterministic
 * xorshift), over one hour of packet time: 20 rounds 180 s apart, so an
 * ordinary account never has more than 2 hosts in the 300 s window. One
 * account in 100 is a scanner instead and reaches its 20 servers within a
 * millisecond at its first turn, which raises Account_Fanout and
 * Source_Fanout (written to notice.log in a temporary directory). Accesses
 * are session setups, tree connects to IPC$ and ordinary shares and, for one
 * account in 8, ADMIN$. Prints the keys and edges fed, the peak RSS
 * (getrusage ru_maxrss) before feeding (baseline) and after, and the time.
 *
 *     make build/detect_state && build/detect_state
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "detect_fanout.h"
#include "detect_internal.h"
#include "logs.h"
#include "sensor.h"

#define ACCOUNTS 100000
#define HOSTS 20
#define SERVERS 5000
#define ROUND_US (INT64_C(180) * 1000000) /* 20 rounds: one hour */
#define SLOT_US (ROUND_US / ACCOUNTS)    /* 1.8 ms per account and round */
#define T0 (INT64_C(1700000000) * 1000000)

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static double maxrss_mb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss / 1024.0; /* KiB on Linux */
}

/* A Zeek-like uid: "C" and 17 base62 digits of a counter's hash. */
static void make_uid(char *out, uint64_t n)
{
	static const char b62[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
	uint64_t h = n * 0x9e3779b97f4a7c15ull ^ 0x736d6273656e736full;
	int i;

	out[0] = 'C';
	for (i = 1; i <= 17; i++) {
		out[i] = b62[h % 62];
		h = h / 62 ? h / 62 : h * 0x2545f4914f6cdd1dull + (uint64_t)i;
	}
	out[18] = '\0';
}

static const char *share_of(unsigned account, unsigned j, char *buf, size_t n)
{
	static const char *const normal[] = { "public", "home", "data", "scans", "finance", "it" };

	if (j % 5 == 0)
		return NULL; /* a session setup */
	if (j % 2)
		return "IPC$";
	if (account % 8 == 0 && j % 4 == 0)
		return "ADMIN$";
	snprintf(buf, n, "%s", normal[(account + j) % 6]);
	return buf;
}

int main(void)
{
	static uint16_t dst_of[ACCOUNTS][HOSTS];
	char dir[64] = "/tmp/smbsensor-detect-state-XXXXXX", cmd[128], acct[32], src[32], dst[32], uid[24], sh[16];
	struct fanout_access a = { 0, acct, src, dst, NULL, uid, 445, NULL };
	struct timespec t0, t1;
	struct sensor *s;
	uint64_t n = 0;
	double base;
	unsigned i, j, k;

	/* The destinations, chosen up front so the loop below stays in order. */
	for (i = 0; i < ACCOUNTS; i++)
		for (j = 0; j < HOSTS; j++) {
			uint16_t d;

		again:
			d = (uint16_t)(next() % SERVERS);
			for (k = 0; k < j; k++)
				if (dst_of[i][k] == d)
					goto again;
			dst_of[i][j] = d;
		}
	if (!(s = calloc(1, sizeof(*s))) || !mkdtemp(dir)) {
		perror("detect_state");
		return 1;
	}
	config_defaults(&s->cfg);
	s->cfg.fanout_max_keys = 250000;
	if (!(s->logs = logs_open(dir, 0))) {
		fprintf(stderr, "detect_state: cannot open the logs in %s\n", dir);
		return 1;
	}
	base = maxrss_mb();
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (j = 0; j < HOSTS; j++)
		for (i = 0; i < ACCOUNTS; i++) {
			int scanner = i % 100 == 37;

			if (scanner && j)
				continue;
			snprintf(acct, sizeof(acct), "CORP\\user%06u", i + 1);
			snprintf(src, sizeof(src), "10.%u.%u.%u", (i + 1) >> 16, ((i + 1) >> 8) & 255, (i + 1) & 255);
			for (k = scanner ? 0 : j; k < (scanner ? HOSTS : j + 1); k++) {
				unsigned d = dst_of[i][k];

				snprintf(dst, sizeof(dst), "172.%u.%u.%u", 16 + d / 65536, (d / 256) % 256, d % 256);
				a.ts_us = T0 + (int64_t)j * ROUND_US + (int64_t)i * SLOT_US + (int64_t)k * 50;
				a.share = share_of(i, k, sh, sizeof(sh));
				make_uid(uid, n++);
				detect_fanout_access(s, &a);
			}
		}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("%u accounts x %u hosts: %u keys, %" PRIu64 " edges, peak RSS %.1f MB (getrusage ru_maxrss; "
	       "%.1f MB before feeding, so %.1f MB for the detector), %.1f s, %" PRIu64 " notices, "
	       "%" PRIu64 " keys evicted, %" PRIu64 " edges refused\n",
	       ACCOUNTS, HOSTS, 2 * ACCOUNTS, (uint64_t)2 * ACCOUNTS * HOSTS - s->st.fanout_edges_refused,
	       maxrss_mb(), base, maxrss_mb() - base,
	       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9, s->st.notices,
	       s->st.fanout_keys_evicted, s->st.fanout_edges_refused);
	logs_close(s->logs);
	detect_fanout_free(s);
	free(s);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) ? 1 : 0;
}
