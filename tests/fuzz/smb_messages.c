/* Message-level driver shared by the SMB2 and SMB1 targets. */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "smb_messages.h"
#include "netbios.h"
#include "smb.h"

int fuzz_smb(const uint8_t *data, size_t size, const uint8_t *(*pick)(uint8_t flags))
{
	const struct ev_sink sink = { fuzz_event, NULL };
	struct fuzz_input in = fuzz_input(data, size);
	uint8_t set = fuzz_byte(&in);
	/* The configured defaults, or limits small enough to be reached. */
	const struct smb_limits lim = { set & 1 ? 2 : 1000, set & 2 ? 2 : 64, set & 4 ? 1 : 256 };
	struct smb_state smb = { 0 };
	struct smb_stats st = { 0 };
	struct smb_ctx c = { &lim, &st, &sink, 0, 0 };
	struct fuzz_chunk ch;

	while (fuzz_next(&in, &ch)) {
		uint8_t *msg = malloc(ch.n ? ch.n : 1);
		size_t caplen = ch.n;

		if (!msg)
			return 0;
		memcpy(msg, ch.data, ch.n);
		memcpy(msg, pick(ch.flags), ch.n < 4 ? ch.n : 4);
		if (!(ch.flags & FUZZ_WHOLE)) {
			size_t want = smb_wanted_bytes(&smb, msg, ch.n < NB_DECIDE_BYTES ? ch.n : NB_DECIDE_BYTES, ch.n);

			if (want < caplen)
				caplen = want;
		}
		c.ts_us += 1000;
		c.msg_len = ch.n; /* as the NetBIOS layer says, however much was kept */
		smb_message(&smb, &c, ch.flags & FUZZ_FROM_CLIENT, msg, caplen);
		free(msg);
	}
	smb_state_free(&smb);
	return 0;
}
