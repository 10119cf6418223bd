/* DCE/RPC over one byte-stream pair: PDU framing, fragment reassembly and
 * the bind/call bookkeeping, with each reassembled stub handed to the
 * decoders the sensor hands it to (rpc_exec, epm, NTLMSSP for auth).
 * Input: one settings byte (limits), then chunks (common.h); FUZZ_GAP
 * is a loss in that direction. */
#include <stdlib.h>
#include <string.h>

#include "dcerpc.h"
#include "epm.h"
#include "common.h"
#include "ntlmssp.h"
#include "rpc_exec.h"

static void on_bind(void *ctx, const struct dcerpc_bind *b)
{
	(void)ctx;
	if (b->n_items > DCERPC_MAX_BIND_CTX)
		abort();
	fuzz_touch((const uint8_t *)b->ctx, b->n_items * sizeof(*b->ctx));
}

static void on_bind_ack(void *ctx, const struct dcerpc_bind_ack *a)
{
	(void)ctx;
	fuzz_text(&a->sec_addr);
	fuzz_touch((const uint8_t *)a->results, a->n_items * sizeof(*a->results));
}

static void on_request(void *ctx, const struct dcerpc_call_info *ci)
{
	struct rpc_exec *e;

	(void)ctx;
	fuzz_touch(ci->stub, ci->stub_len);
	if (!ci->iface_known || !ci->stub || ci->ndr64 || !(e = calloc(1, sizeof(*e))))
		return;
	rpc_exec_decode(ci->iface, ci->opnum, ci->stub, ci->stub_len, e);
	fuzz_exec(e);
	free(e);
}

static void on_response(void *ctx, const struct dcerpc_call_info *ci)
{
	struct epm_endpoint ep[16];
	uint8_t handle[NDR_HANDLE_LEN];
	uint32_t status;

	(void)ctx;
	fuzz_touch(ci->stub, ci->stub_len);
	if (!ci->iface_known || !ci->opnum_known || !ci->stub)
		return;
	if (epm_is_map(ci->iface, ci->opnum) && epm_map_endpoints(ci->stub, ci->stub_len, ep, 16) > 16)
		abort();
	rpc_exec_status(ci->iface, ci->opnum, ci->stub, ci->stub_len, &status);
	rpc_exec_handle(ci->iface, ci->opnum, ci->stub, ci->stub_len, handle);
}

static void on_auth(void *ctx, const struct dcerpc_auth *a)
{
	struct ntlm_blob b;
	const struct event ev = { .type = EV_SMB_AUTH_BLOB, .u.auth = { a->from_client, 0, &b } };

	(void)ctx;
	fuzz_touch(a->token, a->token_len);
	if (a->auth_type == DCERPC_AUTH_NTLMSSP || a->auth_type == DCERPC_AUTH_SPNEGO) {
		ntlm_parse_blob(a->token, a->token_len, &b);
		fuzz_event(NULL, &ev);
	}
}

static void on_weird(void *ctx, const struct dcerpc_weird *w)
{
	(void)ctx;
	if (!w->name || !*w->name)
		abort();
	if (w->addl)
		fuzz_touch((const uint8_t *)w->addl, strlen(w->addl));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct dcerpc_sink sink = { on_bind, on_bind_ack, on_request, on_response,
						 NULL, on_auth, on_weird, NULL };
	struct fuzz_input in = fuzz_input(data, size);
	uint8_t set = fuzz_byte(&in);
	/* Small limits half the time, so that every refusal path is reached;
	 * 0 means the default. */
	const struct dcerpc_limits lim = { set & 1 ? 2 : 0, set & 2 ? 4096 : 0, set & 4 ? 1024 : 0 };
	struct dcerpc_state s = { 0 };
	struct dcerpc_stats st = { 0 };
	struct fuzz_chunk ch;
	int64_t ts = 0;

	while (fuzz_next(&in, &ch)) {
		int dir = ch.flags & FUZZ_FROM_CLIENT;

		ts += 1000;
		if (dir && dcerpc_starts_association(ch.data, ch.n) && ch.n < 16)
			abort();
		if (ch.flags & FUZZ_GAP)
			dcerpc_gap(&s, dir);
		else
			dcerpc_feed(&s, &lim, &st, set & 8 ? NULL : &sink, dir, ch.data, ch.n, ts);
	}
	dcerpc_state_free(&s);
	return 0;
}
