/* NetBIOS session framing. Messages that fit in one delivered chunk are
 * passed on without a copy; only frames split across chunks are buffered,
 * and only up to the configured limit (SMB2 WRITE data is not needed to
 * follow the protocol, its header is). */
#include <stdlib.h>
#include <string.h>

#include "netbios.h"
#include "reader.h"

#define SMB_MAGIC_TAIL 0x534d42 /* "SMB" after the 0xFE/0xFF/0xFD/0xFC byte */

static int valid_type(uint8_t t)
{
	return t == NB_SESSION_MESSAGE || (t >= NB_SESSION_REQUEST && t <= NB_KEEPALIVE);
}

/* A plausible header while searching: a session message carrying an SMB
 * protocol id. Control frames are too short to recognise reliably. */
static int looks_like_header(const uint8_t *p, size_t n)
{
	struct rd r = rd_init(p, n);
	uint8_t type = rd_u8(&r);
	uint8_t proto;
	uint32_t tail;

	rd_skip(&r, 3);
	proto = rd_u8(&r);
	tail = (uint32_t)rd_u8(&r) << 16;
	tail |= rd_be16(&r);
	return rd_ok(&r) && type == NB_SESSION_MESSAGE && proto >= 0xFC && tail == SMB_MAGIC_TAIL;
}

/* Skip to the next plausible header inside this chunk; returns bytes skipped. */
static size_t find_sync(struct nb_stream *s, const uint8_t *data, size_t n)
{
	size_t i;

	for (i = 0; i + 8 <= n; i++) {
		if (looks_like_header(data + i, n - i)) {
			s->need_sync = 0;
			return i;
		}
	}
	return n;
}

static void end_frame(struct nb_stream *s)
{
	s->hdr_have = 0;
	s->got = 0;
	s->len = 0;
	s->buf_len = 0;
}

static int reserve(struct nb_stream *s, uint32_t want)
{
	uint8_t *nb;

	if (want <= s->buf_cap)
		return 0;
	nb = realloc(s->buf, want);
	if (!nb)
		return -1;
	s->buf = nb;
	s->buf_cap = want;
	return 0;
}

static void deliver(struct nb_stream *s, const uint8_t *msg, size_t caplen, nb_msg_fn fn, void *ctx,
		    struct nb_stats *st)
{
	if (s->type == NB_SESSION_MESSAGE) {
		st->messages++;
		if (caplen < s->len)
			st->truncated++;
		fn(ctx, msg, caplen, s->len);
	} else {
		st->control++;
	}
	end_frame(s);
}

/* Collect header bytes; returns bytes used. Loses sync on an impossible type. */
static size_t take_header(struct nb_stream *s, const uint8_t *data, size_t n, struct nb_stats *st)
{
	size_t k = 4 - s->hdr_have;

	if (k > n)
		k = n;
	memcpy(s->hdr + s->hdr_have, data, k);
	s->hdr_have += (uint8_t)k;
	if (s->hdr_have == 4) {
		s->type = s->hdr[0];
		s->len = (uint32_t)s->hdr[1] << 16 | (uint32_t)s->hdr[2] << 8 | s->hdr[3];
		if (!valid_type(s->type)) {
			st->resyncs++;
			st->bytes_skipped += 4;
			nb_resync(s);
		}
	}
	return k;
}

/* Frame payload bytes; returns bytes used. */
static size_t take_payload(struct nb_stream *s, const uint8_t *data, size_t n, uint32_t max_buffered,
			   nb_msg_fn fn, void *ctx, struct nb_stats *st)
{
	size_t want = s->len - s->got;
	size_t k = want < n ? want : n;
	uint32_t cap = s->len < max_buffered ? s->len : max_buffered;

	if (s->got == 0 && k == want) {
		deliver(s, data, k < cap ? k : cap, fn, ctx, st);
		return k;
	}
	if (s->buf_len < cap) {
		size_t c = cap - s->buf_len < k ? cap - s->buf_len : k;

		if (reserve(s, cap) == 0) {
			memcpy(s->buf + s->buf_len, data, c);
			s->buf_len += (uint32_t)c;
		}
	}
	s->got += (uint32_t)k;
	if (s->got == s->len)
		deliver(s, s->buf, s->buf_len, fn, ctx, st);
	return k;
}

void nb_feed(struct nb_stream *s, const uint8_t *data, size_t n, uint32_t max_buffered,
	    nb_msg_fn fn, void *ctx, struct nb_stats *st)
{
	size_t used;

	while (n > 0) {
		if (s->need_sync) {
			used = find_sync(s, data, n);
			st->bytes_skipped += used;
		} else if (s->hdr_have < 4) {
			used = take_header(s, data, n, st);
			if (s->hdr_have == 4 && s->len == 0)
				deliver(s, data, 0, fn, ctx, st);
		} else {
			used = take_payload(s, data, n, max_buffered, fn, ctx, st);
		}
		data += used;
		n -= used;
	}
}

void nb_resync(struct nb_stream *s)
{
	end_frame(s);
	s->need_sync = 1;
}

void nb_free(struct nb_stream *s)
{
	free(s->buf);
	s->buf = NULL;
	s->buf_cap = 0;
	end_frame(s);
}
