/* Worker-to-coordinator frames (chan.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chan.h"

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int chan_flush(struct chan_out *c)
{
	int rc = c->len ? write_all(c->fd, c->buf, c->len) : 0;

	c->len = 0;
	return rc;
}

static void header(char *h, enum chan_type t, unsigned id, size_t n)
{
	uint32_t len = (uint32_t)n;

	memcpy(h, &len, 4);
	h[4] = (char)t;
	h[5] = (char)id;
	h[6] = h[7] = 0;
}

int chan_send(struct chan_out *c, enum chan_type t, unsigned id, const void *p, size_t n)
{
	char h[CHAN_HDR];

	if (n > CHAN_FRAME_MAX) {
		errno = EMSGSIZE;
		return -1;
	}
	if (!c->buf && !(c->buf = malloc(CHAN_OUT_BUF)))
		return -1;
	header(h, t, id, n);
	if (c->len + CHAN_HDR + n > CHAN_OUT_BUF && chan_flush(c) < 0)
		return -1;
	if (CHAN_HDR + n > CHAN_OUT_BUF)
		return write_all(c->fd, h, CHAN_HDR) < 0 ? -1 : write_all(c->fd, p, n);
	memcpy(c->buf + c->len, h, CHAN_HDR);
	memcpy(c->buf + c->len + CHAN_HDR, p, n);
	c->len += CHAN_HDR + n;
	return 0;
}

/* Hand on every whole frame at the front of the buffer; keep the rest. */
static int frames(struct chan_in *c, chan_frame_fn fn, void *ctx)
{
	size_t off = 0;
	uint32_t n;

	while (c->len - off >= CHAN_HDR) {
		memcpy(&n, c->buf + off, 4);
		if (n > CHAN_FRAME_MAX) {
			errno = EPROTO;
			return -1;
		}
		if (c->len - off - CHAN_HDR < n)
			break;
		fn(ctx, (enum chan_type)(unsigned char)c->buf[off + 4], (unsigned char)c->buf[off + 5],
		   c->buf + off + CHAN_HDR, n);
		off += CHAN_HDR + n;
	}
	memmove(c->buf, c->buf + off, c->len - off);
	c->len -= off;
	return 0;
}

static int grow(struct chan_in *c)
{
	size_t cap = c->cap ? 2 * c->cap : CHAN_OUT_BUF;
	char *b;

	if (c->len < c->cap)
		return 0;
	if (cap > 2 * (CHAN_FRAME_MAX + CHAN_HDR) || !(b = realloc(c->buf, cap))) {
		errno = ENOMEM;
		return -1;
	}
	c->buf = b;
	c->cap = cap;
	return 0;
}

int chan_read(struct chan_in *c, chan_frame_fn fn, void *ctx)
{
	ssize_t r;

	if (grow(c) < 0)
		return -1;
	do
		r = read(c->fd, c->buf + c->len, c->cap - c->len);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return -1;
	if (r == 0) {
		if (c->len) {
			errno = EPROTO;
			return -1;
		}
		return 0;
	}
	c->len += (size_t)r;
	return frames(c, fn, ctx) < 0 ? -1 : 1;
}
