/* NetBIOS session framing. Messages that fit in one delivered chunk are
 * passed on without a copy. A message split across chunks is buffered, but
 * only as far as the consumer needs: the bulk data of an SMB2 WRITE or READ
 * is not needed to follow the protocol, and copying it is most of the cost
 * of a busy file server. */
#include <stdio.h>
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
	s->keep = 0;
	s->decided = 0;
	s->damaged = 0;
}

static void deliver(struct nb_stream *s, const uint8_t *msg, size_t caplen, const struct nb_consumer *k)
{
	if (s->damaged)
		k->st->damaged++;
	if (s->type == NB_SESSION_MESSAGE) {
		k->st->messages++;
		k->msg(k->ctx, msg, caplen, s->len);
	} else {
		k->st->control++;
	}
	end_frame(s);
}

/* Zeek's name, and its addl: the type in hex. */
static void unknown_type(uint8_t type, const struct nb_consumer *k)
{
	char addl[8];

	if (!k->weird)
		return;
	snprintf(addl, sizeof(addl), "0x%x", type);
	k->weird(k->ctx, "unknown_netbios_type", addl);
}

/* Collect header bytes; returns bytes used. Loses sync on an impossible type. */
static size_t take_header(struct nb_stream *s, const uint8_t *data, size_t n, const struct nb_consumer *kc)
{
	struct nb_stats *st = kc->st;
	size_t k = 4 - s->hdr_have;

	if (k > n)
		k = n;
	memcpy(s->hdr + s->hdr_have, data, k);
	s->hdr_have += (uint8_t)k;
	if (s->hdr_have == 4) {
		s->type = s->hdr[0];
		s->len = (uint32_t)s->hdr[1] << 16 | (uint32_t)s->hdr[2] << 8 | s->hdr[3];
		if (!valid_type(s->type)) {
			unknown_type(s->type, kc);
			st->resyncs++;
			st->bytes_skipped += 4;
			nb_resync(s);
		}
	}
	return k;
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

/* Once the head of a message is buffered, ask how much of it to keep. */
static void decide(struct nb_stream *s, const struct nb_consumer *k)
{
	size_t want = s->len;
	uint32_t limit = s->len < k->max_buffered ? s->len : k->max_buffered;

	if (k->want)
		want = k->want(k->ctx, s->buf, s->buf_len, s->len);
	if (want > limit) {
		k->st->truncated++;
		want = limit;
	}
	if (want < s->buf_len)
		want = s->buf_len;
	k->st->bytes_unbuffered += s->len - want;
	s->keep = (uint32_t)want;
	s->decided = 1;
}

static void buffer(struct nb_stream *s, const uint8_t *data, size_t n, const struct nb_consumer *k)
{
	while (n > 0 && !s->damaged) {
		uint32_t target = s->decided ? s->keep : (s->len < NB_DECIDE_BYTES ? s->len : NB_DECIDE_BYTES);
		size_t c;

		if (s->buf_len >= target)
			return;
		c = target - s->buf_len < n ? target - s->buf_len : n;
		if (reserve(s, target) < 0) {
			k->st->truncated++;
			s->keep = s->buf_len;
			s->decided = 1;
			return;
		}
		memcpy(s->buf + s->buf_len, data, c);
		s->buf_len += (uint32_t)c;
		data += c;
		n -= c;
		if (!s->decided && s->buf_len == target)
			decide(s, k);
	}
}

/* Frame payload bytes; returns bytes used. */
static size_t take_payload(struct nb_stream *s, const uint8_t *data, size_t n, const struct nb_consumer *k)
{
	size_t want = s->len - s->got;
	size_t used = want < n ? want : n;

	if (s->got == 0 && used == want) {
		deliver(s, data, used, k);
		return used;
	}
	buffer(s, data, used, k);
	s->got += (uint32_t)used;
	if (s->got == s->len)
		deliver(s, s->buf, s->buf_len, k);
	return used;
}

void nb_feed(struct nb_stream *s, const uint8_t *data, size_t n, const struct nb_consumer *k)
{
	size_t used;

	while (n > 0) {
		if (s->need_sync) {
			used = find_sync(s, data, n);
			k->st->bytes_skipped += used;
		} else if (s->hdr_have < 4) {
			used = take_header(s, data, n, k);
			if (s->hdr_have == 4 && s->len == 0)
				deliver(s, data, 0, k);
		} else {
			used = take_payload(s, data, n, k);
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

void nb_gap(struct nb_stream *s, size_t n, const struct nb_consumer *k)
{
	k->st->gap_bytes += n;
	if (s->need_sync)
		return;
	if (s->hdr_have < 4 || n > s->len - s->got) {
		nb_resync(s);
		return;
	}
	if (!s->decided || s->buf_len < s->keep)
		s->damaged = 1;
	s->got += (uint32_t)n;
	if (s->got == s->len)
		deliver(s, s->buf, s->buf_len, k);
}

void nb_free(struct nb_stream *s)
{
	free(s->buf);
	s->buf = NULL;
	s->buf_cap = 0;
	end_frame(s);
}
