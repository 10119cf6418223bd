/* Number rendering for Zeek logs: time from integer microseconds, and
 * doubles as Zeek's ASCII writer and its JSON formatter write them. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zlog_number.h"

/* The value is already exact in microseconds; a detour through double would
 * round a second time and, past 2^53 us, lose digits. The magnitude is taken
 * unsigned so INT64_MIN does not overflow. Digits by hand: every row has a
 * timestamp, and snprintf was a tenth of a log-heavy run. */
void zlog_fmt_usec(char *out, size_t n, int64_t usec)
{
	uint64_t m = usec < 0 ? 0 - (uint64_t)usec : (uint64_t)usec;
	uint64_t frac = m % 1000000, whole = m / 1000000;
	char b[32], *p = b + sizeof(b);
	size_t len;
	int i;

	*--p = '\0';
	for (i = 0; i < 6; i++, frac /= 10)
		*--p = (char)('0' + frac % 10);
	*--p = '.';
	do {
		*--p = (char)('0' + whole % 10);
		whole /= 10;
	} while (whole);
	if (usec < 0)
		*--p = '-';
	if (n == 0)
		return;
	len = (size_t)(b + sizeof(b) - 1 - p);
	len = len < n ? len : n - 1;
	memcpy(out, p, len);
	out[len] = '\0';
}

/* Zeek's TSV double (ODesc::Add(d, no_exp=true), modp_dtoa3 with precision
 * 6): six decimals at most, trailing zeros dropped, ".0" on whole values, no
 * exponent. It is not the shortest round-trip form; it is what Zeek writes. */
void zlog_fmt_tsv_double(char *out, size_t n, double v)
{
	char *p;

	if (isnan(v) || isinf(v)) {
		snprintf(out, n, "%s", isnan(v) ? "nan" : v < 0 ? "-inf" : "inf");
		return;
	}
	snprintf(out, n, "%.6f", v);
	p = out + strlen(out) - 1;
	while (*p == '0')
		*p-- = '\0';
	if (*p == '.') {
		p[1] = '0';
		p[2] = '\0';
	}
	if (strcmp(out, "-0.0") == 0)
		memmove(out, out + 1, 4);
}

/* Shortest decimal digits that read back as v (v finite and > 0). Returns the
 * digit count; v == digits * 10^*k. */
static int shortest_digits(double v, char digits[20], int *k)
{
	char buf[40], *p;
	int prec, nd = 0;

	/* 17 significant digits always round-trip a double. */
	for (prec = 1;; prec++) {
		snprintf(buf, sizeof buf, "%.*e", prec - 1, v);
		if (prec == 17 || strtod(buf, NULL) == v)
			break;
	}
	for (p = buf; *p && *p != 'e'; p++)
		if (*p >= '0' && *p <= '9')
			digits[nd++] = *p;
	digits[nd] = '\0';
	*k = (int)strtol(p + 1, NULL, 10) - (nd - 1);
	return nd;
}

/* rapidjson's Prettify() layout, which Zeek's JSON writer uses: plain decimal
 * for 1e-6 <= |v| < 1e21 with ".0" on whole numbers, exponent form outside.
 * out must hold at least 32 bytes. */
void zlog_fmt_json_double(char *out, size_t n, double v)
{
	char d[20], *p = out;
	int k, nd, kk;

	if (isnan(v) || isinf(v)) {
		snprintf(out, n, "null");
		return;
	}
	if (signbit(v))
		*p++ = '-';
	if (v == 0) {
		strcpy(p, "0.0");
		return;
	}
	nd = shortest_digits(fabs(v), d, &k);
	kk = nd + k;
	if (k >= 0 && kk <= 21) {
		memcpy(p, d, (size_t)nd);
		memset(p + nd, '0', (size_t)k);
		strcpy(p + kk, ".0");
	} else if (kk > 0 && kk <= 21) {
		memcpy(p, d, (size_t)kk);
		p[kk] = '.';
		strcpy(p + kk + 1, d + kk);
	} else if (kk > -6 && kk <= 0) {
		memcpy(p, "0.", 2);
		memset(p + 2, '0', (size_t)-kk);
		strcpy(p + 2 - kk, d);
	} else {
		snprintf(p, n - (size_t)(p - out), "%c%s%se%d", d[0], nd > 1 ? "." : "",
			 d + 1, kk - 1);
	}
}
