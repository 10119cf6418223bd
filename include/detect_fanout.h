/* Fan-out detector: a graph of (account, source host) -> destination host
 * edges from successful session setups and tree connects. An account or a
 * source host reaching more than fanout_hosts (weighted) distinct hosts
 * within fanout_window seconds of packet time raises Account_Fanout or
 * Source_Fanout; allowlisted keys are tracked but never alerted. The graph
 * also feeds the end-of-run report and a Graphviz DOT export. The state is
 * compact (strings interned, 16-byte edges, 36 with the share counts of an
 * account's edge, times in ms): a notice names the uids of the 6 most
 * recently reached destinations and counts the others "(+N not kept)"; DOT
 * counts stop at 65535 ("x65535+"). bench/detect_state.c measures it. */
#ifndef SMBSENSOR_DETECT_FANOUT_H
#define SMBSENSOR_DETECT_FANOUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct detect_conn;
struct sensor;

#define FANOUT_NAME_LEN 128 /* an account name with its NUL (DETECT_ACCOUNT_LEN) */

/* One successful access of a host, without the connection it came on, so
 * that tests can drive the detector on packet time. */
struct fanout_access {
	int64_t ts_us;          /* packet time */
	const char *account;    /* "DOMAIN\user"; "" when unknown (no account key) */
	const char *src, *dst;  /* client and server address text */
	const char *share;      /* tree connect: the share name; NULL for a session setup */
	const char *uid;        /* the connection's uid, "" when none */
	uint16_t port;          /* server port, 0 unknown */
	const struct detect_conn *c; /* the notice's connection fields; NULL allowed */
};

void detect_fanout_access(struct sensor *s, const struct fanout_access *a);

struct fanout_top {
	char account[FANOUT_NAME_LEN];
	uint32_t hosts;         /* distinct hosts in the graph (at most fanout_max_edges) */
	uint32_t alerts;        /* Account_Fanout notices raised */
};

/* The accounts that reached most hosts over the whole run, most first (ties:
 * more alerts, then by name); returns how many were written to out. */
size_t detect_fanout_top_accounts(const struct sensor *s, struct fanout_top *out, size_t max);

/* The account -> host graph as Graphviz DOT; edges labelled with the shares
 * and how often each was connected, red when they took part in an alert.
 * Returns 0, or -1 when writing failed. */
int detect_fanout_write_dot(const struct sensor *s, FILE *f);

#endif
