/* Zeek writes 96-bit uids as base62, least significant digit first and not
 * padded (UID::Base62); we copy the format, not Zeek's values. */
#include <string.h>

#include "uid.h"

static const char alphabet[] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/* splitmix64's finaliser: cheap and well mixed, enough for ids. */
static uint64_t mix(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ull;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

static uint64_t hash(uint64_t seed, const unsigned char *p, size_t n)
{
	uint64_t h = mix(seed ^ n);
	size_t i;

	for (i = 0; i < n; i++)
		h = mix(h ^ p[i]) + i;
	return mix(h);
}

static size_t base62(char *out, uint64_t v)
{
	size_t n = 0;

	do {
		out[n++] = alphabet[v % 62];
		v /= 62;
	} while (v);
	return n;
}

void uid_make(char out[UID_LEN], char prefix, uint64_t seed, const void *key, size_t keylen)
{
	uint64_t w0 = hash(seed, key, keylen) >> 32;
	uint64_t w1 = hash(~seed, key, keylen);
	size_t n = 0;

	out[n++] = prefix;
	n += base62(out + n, w0);
	n += base62(out + n, w1);
	out[n] = '\0';
}
