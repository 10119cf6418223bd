/* What the fuzz targets share: the layout of an input that stands for a
 * conversation, and checks on what the dissectors hand back. */
#ifndef SMBSENSOR_FUZZ_COMMON_H
#define SMBSENSOR_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "events.h"
#include "text.h"

/* Chunk flags. A stream target feeds its chunks in order, so their
 * boundaries are the split points of the byte stream (seeds.py cuts
 * them where the capture's TCP segments or messages ended). */
#define FUZZ_FROM_CLIENT 0x01
#define FUZZ_GAP 0x02      /* len bytes were lost here (the chunk has no bytes) */
#define FUZZ_RESYNC 0x04   /* framing is lost before this chunk */
#define FUZZ_ALT 0x08      /* target-specific variant (see each target) */
#define FUZZ_WHOLE 0x10    /* SMB targets: the whole message, as if in one segment */

struct fuzz_input {
	const uint8_t *p;
	size_t n;
};

struct fuzz_chunk {
	uint8_t flags;
	uint16_t len;             /* as written; data holds fewer at the end of the input, none for a gap */
	const uint8_t *data;
	size_t n;
};

static inline struct fuzz_input fuzz_input(const uint8_t *p, size_t n)
{
	struct fuzz_input in = { p, n };

	return in;
}

/* One byte of settings (limits) from the front, 0 when the input is empty. */
uint8_t fuzz_byte(struct fuzz_input *in);

/* The next chunk: flags, 16-bit little-endian length, then the bytes.
 * Returns 0 when the input is used up. */
int fuzz_next(struct fuzz_input *in, struct fuzz_chunk *c);

/* Read every byte, so that AddressSanitizer sees a pointer or length that lies. */
void fuzz_touch(const uint8_t *p, size_t n);

/* Abort on a text that breaks its contract (length within TEXT_MAX, NUL
 * after the last byte): its bytes go to the logs as they are. */
void fuzz_text(const struct text *t);

/* An event sink that checks and reads everything an event points to. */
void fuzz_event(void *ctx, const struct event *ev);

/* The same for every text of a decoded execution call. */
struct rpc_exec;
void fuzz_exec(const struct rpc_exec *e);

#endif
