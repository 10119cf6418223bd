/* Zeek-format log files (ASCII TSV with Zeek's header, or Zeek JSON), one
 * struct zlog per file. Rows are built field by field, in schema order, into
 * a buffer and written with one write, so a line is never half-written. */
#ifndef SMBSENSOR_ZLOG_H
#define SMBSENSOR_ZLOG_H

#include <stddef.h>
#include <stdint.h>

enum ztype {
	ZT_TIME,      /* microseconds since the epoch; TSV "%.6f", JSON shortest number */
	ZT_INTERVAL,  /* microseconds; same rendering as time */
	ZT_STRING,
	ZT_ENUM,      /* rendered like a string */
	ZT_ADDR,
	ZT_PORT,
	ZT_COUNT,
	ZT_BOOL,
	ZT_DOUBLE,
	ZT_SET_STRING, /* TSV "set[string]", JSON array */
	ZT_SET_ENUM,   /* the same, typed "set[enum]" (notice.log's actions) */
};

struct zfield {
	const char *name;
	enum ztype type;
};

struct zlog;

/* Prepare a log named `path` (file dir/path.log). The file is created when
 * the first row is written, as Zeek does, so a log with no rows leaves no
 * file. json selects Zeek JSON instead of TSV. Returns NULL on allocation
 * failure only. */
struct zlog *zlog_new(const char *dir, const char *path, const struct zfield *fields, size_t nfields, int json);

/* Row building: zlog_begin, then exactly one call per field in schema order,
 * then zlog_end. A value call whose type does not match the schema aborts
 * the row (zlog_end returns -1 and writes nothing): a programming error that
 * tests catch, never a half row. */
void zlog_begin(struct zlog *z);
void zlog_time(struct zlog *z, int64_t usec);      /* ZT_TIME and ZT_INTERVAL */
void zlog_str(struct zlog *z, const char *s, size_t len); /* ZT_STRING and ZT_ENUM; escaped */
void zlog_cstr(struct zlog *z, const char *s);      /* same, NUL-terminated */
void zlog_addr(struct zlog *z, const char *addr);   /* already formatted address text */
void zlog_port(struct zlog *z, uint16_t port);
void zlog_count(struct zlog *z, uint64_t v);
void zlog_bool(struct zlog *z, int v);
void zlog_double(struct zlog *z, double v);
void zlog_set_begin(struct zlog *z);                /* ZT_SET_STRING/ENUM: begin, elements, end */
void zlog_set_elem(struct zlog *z, const char *s, size_t len);
void zlog_set_end(struct zlog *z);
void zlog_unset(struct zlog *z);                    /* any type: "-" in TSV, omitted in JSON */
/* Returns 0, or -1 on a schema mismatch or an I/O error (errno kept). */
int zlog_end(struct zlog *z);

/* A worker process (--workers) renders rows and hands each whole row
 * (newline included) to fwd, with id, instead of writing a file; the
 * coordinator appends it with zlog_put_row to the same log of its own.
 * fwd returns 0 or -1 with errno. */
typedef int (*zlog_forward_fn)(void *ctx, unsigned id, const char *row, size_t n);
void zlog_forward(struct zlog *z, zlog_forward_fn fwd, void *ctx, unsigned id);
/* Append a row rendered elsewhere, creating the file with its header at
 * the first. Returns 0 or -1 with errno. */
int zlog_put_row(struct zlog *z, const char *row, size_t n);

/* Push buffered rows to the kernel (whole rows only: a crash never leaves
 * half a line). Returns 0 or -1 on I/O error. */
int zlog_flush(struct zlog *z);
/* Write the "#close" line and close the file; the next row creates it anew
 * with a header (SIGHUP, after logrotate moved the file). 0 or -1. */
int zlog_reopen(struct zlog *z);
/* Write the "#close" line (TSV, only if the file was created), close and free.
 * Returns 0 or -1 on I/O error. NULL is accepted. */
int zlog_close(struct zlog *z);

/* Rows written so far. */
uint64_t zlog_rows(const struct zlog *z);

#endif
