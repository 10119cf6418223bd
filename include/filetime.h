/* Windows FILETIME (100 ns since 1601) to microseconds since the epoch. */
#ifndef SMBSENSOR_FILETIME_H
#define SMBSENSOR_FILETIME_H

#include <math.h>
#include <stdint.h>

/* As Zeek renders them: seconds as a double (binpac's filetime2brotime),
 * then rounded to microseconds; the long double product keeps that rounding
 * exact. 0 (not set) and times before 1970 give 0. */
static inline int64_t filetime_us(uint64_t ft)
{
	double secs = (double)ft / 10000000.0 - 11644473600.0;

	return secs > 0 ? (int64_t)llroundl((long double)secs * 1000000.0L) : 0;
}

#endif
