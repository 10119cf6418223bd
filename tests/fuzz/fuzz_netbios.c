/* NetBIOS session framing of both directions of one connection, chunk by
 * chunk with gaps and resyncs, handing whole messages on to the SMB layer
 * as the sensor does (sensor/flows.c), so the bytes it asks to buffer are
 * the ones a real conversation would keep.
 * Input: one settings byte (buffer limit), then chunks (common.h);
 * FUZZ_ALT: no want callback (keep whole messages). */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "netbios.h"
#include "smb.h"

struct side {
	struct smb_state *smb;
	struct smb_ctx *c;
	int from_client;
};

static void on_message(void *ctx, const uint8_t *msg, size_t caplen, size_t len)
{
	struct side *d = ctx;

	if (caplen > len)
		abort();
	fuzz_touch(msg, caplen);
	d->c->msg_len = len;
	smb_message(d->smb, d->c, d->from_client, msg, caplen);
}

static size_t on_want(void *ctx, const uint8_t *head, size_t headlen, size_t len)
{
	struct side *d = ctx;

	fuzz_touch(head, headlen);
	return smb_wanted_bytes(d->smb, head, headlen, len);
}

static void on_nb_weird(void *ctx, const char *name, const char *addl)
{
	(void)ctx;
	if (!name || !*name)
		abort();
	if (addl)
		fuzz_touch((const uint8_t *)addl, strlen(addl));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct smb_limits lim = { 16, 8, 8 };
	const struct ev_sink sink = { fuzz_event, NULL };
	struct fuzz_input in = fuzz_input(data, size);
	/* From the configured minimum (1 KiB) to 128 KiB, the default. */
	uint32_t max_buffered = 1024u << (fuzz_byte(&in) % 8);
	struct smb_state smb = { 0 };
	struct smb_stats sst = { 0 };
	struct nb_stats nst = { 0 };
	struct smb_ctx c = { &lim, &sst, &sink, 0, 0 };
	struct nb_stream nb[2];
	struct side side[2] = { { &smb, &c, 0 }, { &smb, &c, 1 } };
	struct fuzz_chunk ch;

	memset(nb, 0, sizeof(nb));
	while (fuzz_next(&in, &ch)) {
		int dir = ch.flags & FUZZ_FROM_CLIENT;
		struct nb_consumer k = { on_message, ch.flags & FUZZ_ALT ? NULL : on_want, &side[dir],
					 max_buffered, &nst, on_nb_weird };

		c.ts_us += 1000;
		if (ch.flags & FUZZ_RESYNC)
			nb_resync(&nb[dir]);
		if (ch.flags & FUZZ_GAP)
			nb_gap(&nb[dir], ch.len, &k);
		else
			nb_feed(&nb[dir], ch.data, ch.n, &k);
	}
	nb_free(&nb[0]);
	nb_free(&nb[1]);
	smb_state_free(&smb);
	return 0;
}
