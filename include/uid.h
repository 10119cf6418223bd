/* Zeek-style connection uids ("C" + base62 of 96 bits), derived from a keyed
 * hash of the 4-tuple and the first timestamp so the same input always gives
 * the same uids. */
#ifndef SMBSENSOR_UID_H
#define SMBSENSOR_UID_H

#include <stddef.h>
#include <stdint.h>

#define UID_LEN 24

/* key: bytes identifying the connection; out gets a NUL-terminated uid. */
void uid_make(char out[UID_LEN], char prefix, uint64_t seed, const void *key, size_t keylen);

#endif
