/* Helpers shared by the unit tests. */
#ifndef SMBSENSOR_TEST_UTIL_H
#define SMBSENSOR_TEST_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* Decode a hex string (whitespace ignored) into a new buffer; *len gets its
 * size. The caller frees it. Aborts the test on bad hex. */
uint8_t *unhex(const char *hex, size_t *len);

#endif
