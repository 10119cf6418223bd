/* The fan-out detector's graph (struct sensor's fanout), shared by the
 * detector (sensor/detect_fanout.c) that builds it and the report and DOT
 * export (sensor/detect_fanout_graph.c) that read it. Sizes matter here:
 * 100,000 accounts x 20 hosts must stay under 200 MB (bench/
 * detect_state.c), so keys are 200 bytes and edges 16 (36 for an
 * account's, with its share counts). */
#ifndef SMBSENSOR_FANOUT_STATE_H
#define SMBSENSOR_FANOUT_STATE_H

#include <stdint.h>
#include <uthash.h>

#include "fanout_strings.h"

#define SHARES 4              /* share names counted per account edge; the rest as "other" */
#define RING 6                /* uids kept per key: the latest access of as many destinations */
#define RING_UID 18           /* smbsensor's uids have at most 18 characters; longer ones are cut */
#define NO_PEER (UINT32_MAX >> 1)
#define COUNT_MAX UINT16_MAX

/* A destination. Times in ms from the state's base, 0: none. */
struct edge {
	uint32_t dst;                      /* names id */
	uint32_t peer : 31;                /* names id, NO_PEER: account key: the source; source key: the account */
	uint32_t alerted : 1;              /* in the window of a notice */
	uint32_t last, admin;              /* latest access, latest on an admin share */
};

/* What an account's edge was used for (the DOT label), counts saturating
 * at COUNT_MAX. */
struct use {
	uint16_t share[SHARES];            /* shares ids */
	uint16_t n[SHARES];
	uint16_t other, sessions;          /* tree connects beyond SHARES names; session setups */
};

/* An account's edges carry their use along, so that the array needs no
 * record of its capacity to find them. */
struct account_edge {
	struct edge e;
	struct use u;
};

struct uid_slot {
	uint16_t edge;                     /* index in the key's edges */
	char uid[RING_UID];                /* NUL-padded, unterminated at RING_UID characters */
};

/* An account or a source host. The hash key is its name (the names string,
 * case ignored) and its kind, which rides in the key length: twice the
 * name's length, plus one for an account. */
struct fkey {
	UT_hash_handle hh;                 /* the table's order is the order of activity */
	void *edges;                       /* nedges struct edge, or struct account_edge for an account */
	uint32_t name;                     /* names id, as first seen (at most 127 bytes) */
	uint32_t nedges : 17, nring : 3, allowed : 1;
	uint32_t alerts;                   /* notices raised */
	uint32_t alert_ms;                 /* latest notice */
	struct uid_slot ring[RING];        /* oldest first */
};

struct fanout_state {
	struct fstrings names, shares;     /* addresses and account names; share names (16-bit ids) */
	struct fkey *keys;                 /* uthash, least recently active first */
	int64_t base_us;                   /* packet time of ms 0 */
};

static inline int fkey_is_account(const struct fkey *k)
{
	return k->hh.keylen & 1;
}

static inline struct edge *fkey_edge(const struct fkey *k, uint32_t i)
{
	return fkey_is_account(k) ? &((struct account_edge *)k->edges)[i].e : &((struct edge *)k->edges)[i];
}

/* An account key's edge i's use. */
static inline struct use *fkey_use(const struct fkey *k, uint32_t i)
{
	return &((struct account_edge *)k->edges)[i].u;
}

#endif
