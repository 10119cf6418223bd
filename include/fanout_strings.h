/* The fan-out detector's interned strings (sensor/fanout_strings.c): the
 * addresses, account and share names of its graph repeat across thousands
 * of keys and edges, so each is stored once with a reference count and
 * named by a small id, which is what keys and edges hold. */
#ifndef SMBSENSOR_FANOUT_STRINGS_H
#define SMBSENSOR_FANOUT_STRINGS_H

#include <stddef.h>
#include <stdint.h>

#define FSTR_NONE UINT32_MAX

struct fstr;
union fstr_slot;

struct fstrings {
	struct fstr *by_text;      /* uthash */
	union fstr_slot *by_id;    /* n slots of cap */
	uint32_t n, cap, free, max; /* free: the latest freed id (FSTR_NONE: none); max: ids allowed */
};

/* An empty table handing out ids below max. */
void fstrings_init(struct fstrings *t, uint32_t max);
/* The id of text (at most len bytes of it) with one more reference;
 * FSTR_NONE when out of ids or, counted in *alloc_failed, of memory. */
uint32_t fstr_intern(struct fstrings *t, const char *text, size_t len, uint64_t *alloc_failed);
/* One more reference to id; returns id. */
uint32_t fstr_hold(struct fstrings *t, uint32_t id);
/* Drop a reference (FSTR_NONE: none); the last one frees the string. */
void fstr_release(struct fstrings *t, uint32_t id);
const char *fstr_text(const struct fstrings *t, uint32_t id);
void fstrings_free(struct fstrings *t);

#endif
