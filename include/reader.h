/* Bounds-checked reader over untrusted bytes. Every parse of network data goes
 * through it. Errors are sticky: after the first short read every accessor
 * returns 0 / NULL, so a parser may read a whole structure and check rd_ok()
 * once at the end. */
#ifndef SMBSENSOR_READER_H
#define SMBSENSOR_READER_H

#include <stddef.h>
#include <stdint.h>

struct rd {
	const uint8_t *p;
	size_t len;
	size_t pos;
	int err;
};

static inline struct rd rd_init(const uint8_t *p, size_t len)
{
	struct rd r = { p, p ? len : 0, 0, 0 };
	return r;
}

static inline int rd_ok(const struct rd *r) { return !r->err; }
static inline size_t rd_left(const struct rd *r) { return r->err ? 0 : r->len - r->pos; }

static inline int rd_need(struct rd *r, size_t n)
{
	if (r->err || n > r->len - r->pos) {
		r->err = 1;
		return 0;
	}
	return 1;
}

static inline const uint8_t *rd_ptr(struct rd *r, size_t n)
{
	const uint8_t *q;

	if (!rd_need(r, n))
		return NULL;
	q = r->p + r->pos;
	r->pos += n;
	return q;
}

static inline void rd_skip(struct rd *r, size_t n) { (void)rd_ptr(r, n); }

/* Move to an absolute offset within the buffer. */
static inline void rd_seek(struct rd *r, size_t pos)
{
	if (r->err || pos > r->len)
		r->err = 1;
	else
		r->pos = pos;
}

static inline uint8_t rd_u8(struct rd *r)
{
	const uint8_t *q = rd_ptr(r, 1);
	return q ? q[0] : 0;
}

static inline uint16_t rd_le16(struct rd *r)
{
	const uint8_t *q = rd_ptr(r, 2);
	return q ? (uint16_t)(q[0] | q[1] << 8) : 0;
}

static inline uint32_t rd_le32(struct rd *r)
{
	const uint8_t *q = rd_ptr(r, 4);
	return q ? (uint32_t)q[0] | (uint32_t)q[1] << 8 | (uint32_t)q[2] << 16 | (uint32_t)q[3] << 24 : 0;
}

static inline uint64_t rd_le64(struct rd *r)
{
	uint64_t lo = rd_le32(r);
	return lo | (uint64_t)rd_le32(r) << 32;
}

static inline uint16_t rd_be16(struct rd *r)
{
	const uint8_t *q = rd_ptr(r, 2);
	return q ? (uint16_t)(q[0] << 8 | q[1]) : 0;
}

static inline uint32_t rd_be32(struct rd *r)
{
	const uint8_t *q = rd_ptr(r, 4);
	return q ? (uint32_t)q[0] << 24 | (uint32_t)q[1] << 16 | (uint32_t)q[2] << 8 | (uint32_t)q[3] : 0;
}

/* Fields at fixed offsets of a block that rd_ptr has already bounds-checked
 * (a fixed-size header read in one step): off + width must lie inside it. */
static inline uint16_t rd_be16_at(const uint8_t *block, size_t off)
{
	return (uint16_t)(block[off] << 8 | block[off + 1]);
}

static inline uint32_t rd_be32_at(const uint8_t *block, size_t off)
{
	return (uint32_t)rd_be16_at(block, off) << 16 | rd_be16_at(block, off + 2);
}

/* A reader over [off, off+len) of r's whole buffer (absolute offsets, as SMB
 * and NTLMSSP use offsets from a structure's start). Fails, sticky, when the
 * range is outside r. r itself is not moved. */
static inline struct rd rd_sub(const struct rd *r, size_t off, size_t len)
{
	struct rd s = { NULL, 0, 0, 1 };

	if (!r->err && off <= r->len && len <= r->len - off) {
		s.p = r->p + off;
		s.len = len;
		s.err = 0;
	}
	return s;
}

#endif
