/* Bounded text from the wire. Decoding never fails: a sensor logs what it saw,
 * so malformed UTF-16 degrades to U+FFFD instead of dropping the field. */
#include <string.h>

#include "reader.h"
#include "text.h"

#define REPLACEMENT 0xFFFDu

static void text_reset(struct text *t, uint8_t set)
{
	t->len = 0;
	t->set = set;
	t->truncated = 0;
	t->s[0] = '\0';
}

static int is_high_surrogate(uint32_t u) { return u >= 0xD800 && u <= 0xDBFF; }
static int is_low_surrogate(uint32_t u) { return u >= 0xDC00 && u <= 0xDFFF; }

size_t utf8_encode(uint32_t cp, uint8_t out[4])
{
	if (cp < 0x80) {
		out[0] = (uint8_t)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (uint8_t)(0xC0 | cp >> 6);
		out[1] = (uint8_t)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (uint8_t)(0xE0 | cp >> 12);
		out[1] = (uint8_t)(0x80 | (cp >> 6 & 0x3F));
		out[2] = (uint8_t)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (uint8_t)(0xF0 | cp >> 18);
	out[1] = (uint8_t)(0x80 | (cp >> 12 & 0x3F));
	out[2] = (uint8_t)(0x80 | (cp >> 6 & 0x3F));
	out[3] = (uint8_t)(0x80 | (cp & 0x3F));
	return 4;
}

/* Append one code point; refuse rather than split it when it does not fit,
 * so the stored prefix is always valid UTF-8. */
static int put_utf8(struct text *t, uint32_t cp)
{
	uint8_t b[4];
	size_t n = utf8_encode(cp, b);

	if (n > (size_t)TEXT_MAX - t->len)
		return 0;
	memcpy(t->s + t->len, b, n);
	t->len = (uint16_t)(t->len + n);
	return 1;
}

/* A high surrogate only pairs with an immediately following low one; a lone
 * low surrogate, or a high one followed by anything else, is unpaired and the
 * following unit is left for the next round. */
static uint32_t next_code_point(struct rd *r)
{
	uint32_t u = rd_le16(r);
	size_t save;
	uint32_t lo;

	if (is_low_surrogate(u))
		return REPLACEMENT;
	if (!is_high_surrogate(u))
		return u;
	if (rd_left(r) < 2)
		return REPLACEMENT;
	save = r->pos;
	lo = rd_le16(r);
	if (!is_low_surrogate(lo)) {
		rd_seek(r, save);
		return REPLACEMENT;
	}
	return 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
}

void text_from_utf16le(struct text *t, const uint8_t *p, size_t len)
{
	struct rd r = rd_init(p, len & ~(size_t)1);

	text_reset(t, 1);
	while (rd_left(&r) >= 2) {
		if (!put_utf8(t, next_code_point(&r))) {
			t->truncated = 1;
			break;
		}
	}
	t->s[t->len] = '\0';
}

void text_from_bytes(struct text *t, const uint8_t *p, size_t len)
{
	struct rd r = rd_init(p, len);
	size_t n = rd_left(&r) < TEXT_MAX ? rd_left(&r) : TEXT_MAX;
	const uint8_t *q;

	text_reset(t, 1);
	if (n == 0)
		return;
	q = rd_ptr(&r, n);
	if (!q)
		return;
	memcpy(t->s, q, n);
	t->len = (uint16_t)n;
	t->truncated = rd_left(&r) > 0;
	t->s[n] = '\0';
}

void text_set(struct text *t, const char *s)
{
	if (!s) {
		text_reset(t, 0);
		return;
	}
	text_from_bytes(t, (const uint8_t *)s, strlen(s));
}
