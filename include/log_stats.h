/* stats.log, the project's own: one row of every counter, at exit (and
 * periodically when capturing live). */
#ifndef SMBSENSOR_LOG_STATS_H
#define SMBSENSOR_LOG_STATS_H

#include <stddef.h>
#include <stdint.h>
#include "zlog.h"

struct logs;
struct sensor_stats;

const struct zfield *log_stats_fields(void);
unsigned log_stats_nfields(void);
/* One row at ts_us (packet time offline, wall time live; 0: ts unset). */
void log_stats_write(struct logs *l, const struct sensor_stats *st, int64_t ts_us);

/* Counter n (0-based, in log order after ts) by name and value, for the
 * summary and the tests. Returns NULL past the last one. */
const char *log_stats_counter(const struct sensor_stats *st, unsigned n, uint64_t *value);

#endif
