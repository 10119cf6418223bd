/* Interned strings for the fan-out detector (fanout_strings.h). A string
 * lives in one allocation with its hash handle and is found by text through
 * uthash and by id through a vector; freed ids are reused, most recent
 * first, so that ids stay dense and small enough for the detector's 31- and
 * 16-bit fields. */
#include <stdlib.h>
#include <string.h>
#include <uthash.h>

#include "fanout_strings.h"

struct fstr {
	UT_hash_handle hh;      /* key: text, in this allocation */
	uint32_t refs, id;
	char text[];
};

/* A free slot links to the next free id, so the free list costs nothing. */
union fstr_slot {
	struct fstr *s;
	uint32_t next_free;
};

void fstrings_init(struct fstrings *t, uint32_t max)
{
	memset(t, 0, sizeof(*t));
	t->free = FSTR_NONE;
	t->max = max;
}

/* A slot for a new id, growing the vector by half; FSTR_NONE when out of
 * ids, or of memory (counted). */
static uint32_t new_id(struct fstrings *t, uint64_t *alloc_failed)
{
	union fstr_slot *v;
	uint32_t id, cap;

	if ((id = t->free) != FSTR_NONE) {
		t->free = t->by_id[id].next_free;
		return id;
	}
	if (t->n == t->max)
		return FSTR_NONE;
	if (t->n == t->cap) {
		cap = t->cap ? t->cap + t->cap / 2 : 256;
		if (!(v = realloc(t->by_id, cap * sizeof(*v)))) {
			(*alloc_failed)++;
			return FSTR_NONE;
		}
		t->by_id = v;
		t->cap = cap;
	}
	return t->n++;
}

static void free_id(struct fstrings *t, uint32_t id)
{
	t->by_id[id].next_free = t->free;
	t->free = id;
}

uint32_t fstr_intern(struct fstrings *t, const char *text, size_t len, uint64_t *alloc_failed)
{
	struct fstr *v;
	uint32_t id;

	len = strnlen(text, len);
	HASH_FIND(hh, t->by_text, text, len, v);
	if (v) {
		v->refs++;
		return v->id;
	}
	if ((id = new_id(t, alloc_failed)) == FSTR_NONE)
		return FSTR_NONE;
	if (!(v = malloc(sizeof(*v) + len + 1))) {
		free_id(t, id);
		(*alloc_failed)++;
		return FSTR_NONE;
	}
	memcpy(v->text, text, len);
	v->text[len] = '\0';
	v->refs = 1;
	v->id = id;
	t->by_id[id].s = v;
	HASH_ADD_KEYPTR(hh, t->by_text, v->text, len, v);
	return id;
}

uint32_t fstr_hold(struct fstrings *t, uint32_t id)
{
	t->by_id[id].s->refs++;
	return id;
}

void fstr_release(struct fstrings *t, uint32_t id)
{
	struct fstr *v;

	if (id == FSTR_NONE)
		return;
	v = t->by_id[id].s;
	if (--v->refs)
		return;
	HASH_DEL(t->by_text, v);
	free(v);
	free_id(t, id);
}

const char *fstr_text(const struct fstrings *t, uint32_t id)
{
	return t->by_id[id].s->text;
}

void fstrings_free(struct fstrings *t)
{
	struct fstr *v, *tmp;

	HASH_ITER(hh, t->by_text, v, tmp) {
		HASH_DEL(t->by_text, v);
		free(v);
	}
	free(t->by_id);
}
