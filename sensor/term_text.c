/* See term_text.h. Bytes below 0x20 and DEL are the ones a terminal acts on;
 * UTF-8 above them is left for the terminal to show. */
#include <string.h>

#include "term_text.h"

void term_text_append(char *out, size_t n, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t at = n ? strnlen(out, n - 1) : 0;
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		int ctl = c < 0x20 || c == 0x7f;

		if (at + (ctl ? 4 : 1) >= n)
			break;
		if (ctl) {
			memcpy(out + at, "\\x", 2);
			out[at + 2] = hex[c >> 4];
			out[at + 3] = hex[c & 15];
			at += 4;
		} else {
			out[at++] = (char)c;
		}
	}
	if (n)
		out[at] = '\0';
}
