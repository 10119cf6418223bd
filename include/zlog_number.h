/* Number rendering shared by the TSV and JSON forms of sensor/zlog.c. */
#ifndef SMBSENSOR_ZLOG_NUMBER_H
#define SMBSENSOR_ZLOG_NUMBER_H

#include <stddef.h>
#include <stdint.h>

/* Fixed six decimals, exact (integer arithmetic): Zeek's TSV time/interval. */
void zlog_fmt_usec(char *out, size_t n, int64_t usec);
/* Zeek's TSV double: at most six decimals, trailing zeros dropped, ".0" on
 * whole values, never an exponent. n >= 352 holds any double. */
void zlog_fmt_tsv_double(char *out, size_t n, double v);
/* rapidjson's shortest round-trip form, as Zeek's JSON writer; NaN and
 * infinities are null. n >= 32. */
void zlog_fmt_json_double(char *out, size_t n, double v);

#endif
