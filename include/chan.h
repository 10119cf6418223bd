/* Frames from a capture worker to its coordinator (--workers), over a
 * pipe: a 4-byte length of the payload, a type, an id, two zero bytes,
 * then the payload. Both ends are the same binary, so payloads are the
 * sensor's own structures, copied as bytes. */
#ifndef SMBSENSOR_CHAN_H
#define SMBSENSOR_CHAN_H

#include <stddef.h>
#include <stdint.h>

enum chan_type {
	CHAN_ROW = 1, /* id: the log (logs_by_id); a whole rendered row */
	CHAN_OBS,     /* struct detect_obs */
	CHAN_STATS,   /* struct sensor_stats: the worker's totals so far */
};

#define CHAN_HDR 8
#define CHAN_FRAME_MAX (16u << 20)
#define CHAN_OUT_BUF (256u << 10)

/* The worker's end: frames are gathered and written at chan_flush, or when
 * the buffer is full. */
struct chan_out {
	int fd;
	char *buf;
	size_t len;
};

/* 0, or -1 with errno (the coordinator is gone, or out of memory). */
int chan_send(struct chan_out *c, enum chan_type t, unsigned id, const void *p, size_t n);
int chan_flush(struct chan_out *c);

/* The coordinator's end: bytes read and not yet a whole frame. */
struct chan_in {
	int fd;
	char *buf;
	size_t len, cap;
};

typedef void (*chan_frame_fn)(void *ctx, enum chan_type t, unsigned id, const void *p, size_t n);

/* One read(2); fn gets every whole frame. Returns 1 when bytes came, 0 at
 * the end of the stream (a partial frame left is an error: -1, EPROTO), -1
 * with errno on a read error, a frame bigger than CHAN_FRAME_MAX (EPROTO)
 * or no memory. */
int chan_read(struct chan_in *c, chan_frame_fn fn, void *ctx);

#endif
