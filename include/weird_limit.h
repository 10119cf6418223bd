/* Per-connection rate limit of weird.log rows, in the manner of Zeek's
 * weird sampling: of each weird name, the first `first` of a window are
 * logged, then one in every `sample` (0: none), and the count starts again
 * `window` seconds after the window's first weird. Zeek's weird.log keeps one
 * row per name and connection for 10 minutes (Weird::weird_ignore), hence
 * the defaults 1, 0 and 600. */
#ifndef SMBSENSOR_WEIRD_LIMIT_H
#define SMBSENSOR_WEIRD_LIMIT_H

#include <stdint.h>

struct weird_limits {
	uint32_t first;          /* logged of each name per window */
	uint32_t sample;         /* then one in this many; 0 logs no more */
	uint32_t window;         /* seconds */
	uint32_t max_names;      /* names counted per connection */
};

struct weird_count {
	const char *name;
	uint64_t n;              /* weirds of the name in this window */
	int64_t since_us;        /* start of the window */
};

/* Zero-initialised; weird_limit_free releases it. */
struct weird_state {
	struct weird_count *names;  /* max_names entries, allocated at the first weird */
	uint32_t n;
};

enum weird_verdict { WEIRD_LOG, WEIRD_SUPPRESS, WEIRD_NAMES_FULL };

/* Counts one weird of name at packet time now_us and says whether to log
 * it. WEIRD_NAMES_FULL: max_names other names are counted already (or the
 * table could not be had): not logged. */
enum weird_verdict weird_limit(struct weird_state *w, const struct weird_limits *lim, const char *name,
			       int64_t now_us);
void weird_limit_free(struct weird_state *w);

#endif
