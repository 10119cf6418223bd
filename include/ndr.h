/* A small NDR20 (DCE/RPC transfer syntax 8a885d04-..., little-endian data
 * representation) reader over complete stub bytes, built on struct rd.
 *
 * Alignment is relative to the stub start (the reader's offset 0), which is
 * how NDR aligns a PDU body. Errors are sticky, as with struct rd: after the
 * first short read or refused count every accessor returns 0 / NULL and
 * ndr_ok() is false, so a decoder may read a whole call and check once.
 *
 * Refused as malformed: conformant varying arrays whose offset is not 0, whose
 * actual count exceeds the maximum count, or whose elements run past the end
 * of the stub. Pad bytes are skipped whatever their value (impacket sends
 * 0xAA / 0xBF). */
#ifndef SMBSENSOR_NDR_H
#define SMBSENSOR_NDR_H

#include <stddef.h>
#include <stdint.h>

#include "reader.h"
#include "text.h"

#define NDR_HANDLE_LEN 20 /* context handle: attributes (4) + UUID (16) */

struct ndr {
	struct rd r;
};

static inline struct ndr ndr_init(const uint8_t *p, size_t len)
{
	struct ndr n;

	n.r = rd_init(p, len);
	return n;
}

static inline int ndr_ok(const struct ndr *n) { return rd_ok(&n->r); }
static inline size_t ndr_left(const struct ndr *n) { return rd_left(&n->r); }
static inline size_t ndr_pos(const struct ndr *n) { return n->r.pos; }
/* Mark the stub malformed (sticky). */
static inline void ndr_fail(struct ndr *n) { n->r.err = 1; }

/* Skip to the next multiple of a (1, 2, 4 or 8) from the stub start. */
void ndr_align(struct ndr *n, size_t a);

uint8_t ndr_u8(struct ndr *n);
uint16_t ndr_u16(struct ndr *n);   /* aligned to 2 */
uint32_t ndr_u32(struct ndr *n);   /* aligned to 4 */
uint64_t ndr_u64(struct ndr *n);   /* aligned to 8 */

/* A unique or full pointer's referent id (aligned to 4): 0 is NULL, anything
 * else means the referent follows (at once for a top-level pointer, after the
 * enclosing structure for an embedded one). */
uint32_t ndr_ptr(struct ndr *n);

/* A context handle (20 bytes, aligned to 4) copied into out; out is zeroed
 * when the stub is too short. */
void ndr_handle(struct ndr *n, uint8_t out[NDR_HANDLE_LEN]);

/* A conformant varying array of elem-byte elements: max count, offset and
 * actual count (each aligned to 4), then the elements. Returns the elements
 * (*count of them; may be 0 with a non-NULL pointer) or NULL when malformed. */
const uint8_t *ndr_cv_array(struct ndr *n, size_t elem, uint32_t *count);

/* A conformant array of bytes: max count, then the bytes. */
const uint8_t *ndr_conformant_bytes(struct ndr *n, uint32_t *count);

/* [string] wchar_t* referent: a conformant varying UTF-16LE array. One
 * terminating NUL is dropped when present (it is optional here, and an empty
 * string may come as actual count 0). Decoded into t (t->set = 1). Returns 0,
 * or -1 when malformed (t is then cleared and unset). */
int ndr_wstring(struct ndr *n, struct text *t);

/* [string] char* referent: the same with 8-bit characters, copied as bytes. */
int ndr_cstring(struct ndr *n, struct text *t);

/* A unique pointer to a string: the referent id, then the string when it is
 * not NULL. t is left unset for NULL. Returns 0 or -1. */
int ndr_unique_wstring(struct ndr *n, struct text *t);
int ndr_unique_cstring(struct ndr *n, struct text *t);

#endif
