/* NDR20 primitives over struct rd (C706 chapter 14, MS-RPCE 2.2.5). Only what
 * the remote-execution decoders need: aligned integers, pointer referent ids,
 * context handles, conformant (varying) arrays and the strings built on them. */
#include <string.h>

#include "ndr.h"

static void text_clear(struct text *t)
{
	t->len = 0;
	t->set = 0;
	t->truncated = 0;
	t->s[0] = '\0';
}

void ndr_align(struct ndr *n, size_t a)
{
	size_t mis;

	if (!ndr_ok(n) || a < 2)
		return;
	mis = n->r.pos % a;
	if (mis)
		rd_skip(&n->r, a - mis);
}

uint8_t ndr_u8(struct ndr *n)
{
	return rd_u8(&n->r);
}

uint16_t ndr_u16(struct ndr *n)
{
	ndr_align(n, 2);
	return rd_le16(&n->r);
}

uint32_t ndr_u32(struct ndr *n)
{
	ndr_align(n, 4);
	return rd_le32(&n->r);
}

uint64_t ndr_u64(struct ndr *n)
{
	ndr_align(n, 8);
	return rd_le64(&n->r);
}

uint32_t ndr_ptr(struct ndr *n)
{
	return ndr_u32(n);
}

void ndr_handle(struct ndr *n, uint8_t out[NDR_HANDLE_LEN])
{
	const uint8_t *h;

	ndr_align(n, 4);
	h = rd_ptr(&n->r, NDR_HANDLE_LEN);
	if (h)
		memcpy(out, h, NDR_HANDLE_LEN);
	else
		memset(out, 0, NDR_HANDLE_LEN);
}

/* count elements of elem bytes must fit in what is left. */
static const uint8_t *elements(struct ndr *n, size_t elem, uint32_t count)
{
	if (!ndr_ok(n))
		return NULL;
	if (count > ndr_left(n) / elem) {
		ndr_fail(n);
		return NULL;
	}
	return rd_ptr(&n->r, (size_t)count * elem);
}

const uint8_t *ndr_cv_array(struct ndr *n, size_t elem, uint32_t *count)
{
	uint32_t max = ndr_u32(n);
	uint32_t off = ndr_u32(n);
	uint32_t actual = ndr_u32(n);
	const uint8_t *p;

	*count = 0;
	if (!ndr_ok(n))
		return NULL;
	if (off != 0 || actual > max || elem == 0) {
		ndr_fail(n);
		return NULL;
	}
	ndr_align(n, elem < 4 ? elem : 4);
	p = elements(n, elem, actual);
	if (p)
		*count = actual;
	return p;
}

const uint8_t *ndr_conformant_bytes(struct ndr *n, uint32_t *count)
{
	uint32_t max = ndr_u32(n);
	const uint8_t *p = elements(n, 1, max);

	*count = p ? max : 0;
	return p;
}

static int string_of(struct ndr *n, struct text *t, size_t elem)
{
	uint32_t count;
	const uint8_t *p = ndr_cv_array(n, elem, &count);
	size_t bytes;

	text_clear(t);
	if (!p)
		return -1;
	bytes = (size_t)count * elem;
	/* Drop one terminating NUL: the last element all zero. */
	if (count > 0 && p[bytes - 1] == 0 && (elem == 1 || p[bytes - 2] == 0))
		bytes -= elem;
	if (elem == 2)
		text_from_utf16le(t, p, bytes);
	else
		text_from_bytes(t, p, bytes);
	return 0;
}

int ndr_wstring(struct ndr *n, struct text *t)
{
	return string_of(n, t, 2);
}

int ndr_cstring(struct ndr *n, struct text *t)
{
	return string_of(n, t, 1);
}

int ndr_unique_wstring(struct ndr *n, struct text *t)
{
	text_clear(t);
	if (ndr_ptr(n) == 0)
		return ndr_ok(n) ? 0 : -1;
	return ndr_wstring(n, t);
}

int ndr_unique_cstring(struct ndr *n, struct text *t)
{
	text_clear(t);
	if (ndr_ptr(n) == 0)
		return ndr_ok(n) ? 0 : -1;
	return ndr_cstring(n, t);
}
