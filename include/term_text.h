/* Names from the wire printed for a person (the run's report, --summary):
 * a control byte is written as \xNN, so that a name can neither break the
 * line nor send the terminal an escape sequence. Text otherwise stays as
 * it is (a backslash too): this is not a log format. */
#ifndef SMBSENSOR_TERM_TEXT_H
#define SMBSENSOR_TERM_TEXT_H

#include <stddef.h>

/* The len bytes at s appended to the NUL-terminated string in out (n bytes
 * in all), escaped; cut where the next byte or escape does not fit. */
void term_text_append(char *out, size_t n, const char *s, size_t len);

#endif
