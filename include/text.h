/* Bounded text captured from the wire: names, paths, accounts. Bytes are kept
 * as decoded (UTF-8 from UTF-16LE) with an explicit length, so an embedded NUL
 * or control byte survives to the log writer, which escapes it. */
#ifndef SMBSENSOR_TEXT_H
#define SMBSENSOR_TEXT_H

#include <stddef.h>
#include <stdint.h>

#define TEXT_MAX 512

struct text {
	uint16_t len;       /* bytes used in s (s is also NUL-terminated) */
	uint8_t set;        /* 1 when the field was seen on the wire, even if empty */
	uint8_t truncated;  /* 1 when the input did not fit */
	char s[TEXT_MAX + 1];
};

/* Decode UTF-16LE (len bytes; an odd trailing byte is ignored) into t as UTF-8.
 * Unpaired surrogates become U+FFFD. Output stops at TEXT_MAX bytes without
 * splitting a character; t->truncated says so. Sets t->set. */
void text_from_utf16le(struct text *t, const uint8_t *p, size_t len);

/* Encode one code point (at most U+10FFFF, not a surrogate) as UTF-8 into
 * out; returns the byte count, 1 to 4. */
size_t utf8_encode(uint32_t cp, uint8_t out[4]);

/* Copy len raw bytes (OEM / ASCII strings) into t, truncating at TEXT_MAX. */
void text_from_bytes(struct text *t, const uint8_t *p, size_t len);

/* Copy a C string (config values, constants). */
void text_set(struct text *t, const char *s);

#endif
