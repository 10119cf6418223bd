/* The first weirds of each name in a window are logged, the rest sampled:
 * a flood of one anomaly costs a counter, not the disk. */
#include <stdlib.h>
#include <string.h>

#include "weird_limit.h"

static struct weird_count *lookup(struct weird_state *w, const struct weird_limits *lim, const char *name)
{
	uint32_t i;

	for (i = 0; i < w->n; i++) {
		if (!strcmp(w->names[i].name, name))
			return &w->names[i];
	}
	if (w->n >= lim->max_names)
		return NULL;
	if (!w->names && !(w->names = calloc(lim->max_names, sizeof(*w->names))))
		return NULL;
	w->names[w->n].name = name;
	return &w->names[w->n++];
}

enum weird_verdict weird_limit(struct weird_state *w, const struct weird_limits *lim, const char *name,
			       int64_t now_us)
{
	struct weird_count *k = lookup(w, lim, name);

	if (!k)
		return WEIRD_NAMES_FULL;
	if (k->n == 0 || now_us - k->since_us >= (int64_t)lim->window * 1000000) {
		k->n = 0;
		k->since_us = now_us;
	}
	k->n++;
	if (k->n <= lim->first)
		return WEIRD_LOG;
	if (lim->sample && (k->n - lim->first) % lim->sample == 0)
		return WEIRD_LOG;
	return WEIRD_SUPPRESS;
}

void weird_limit_free(struct weird_state *w)
{
	free(w->names);
	w->names = NULL;
	w->n = 0;
}
