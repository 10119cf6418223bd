/* One security blob: raw NTLMSSP, GSS-API/SPNEGO, or a bare NegTokenInit /
 * NegTokenResp, as SESSION_SETUP and DCE/RPC auth verifiers carry them. */
#include "common.h"
#include "ntlmssp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ntlm_blob b;
	const struct event ev = { .type = EV_SMB_AUTH_BLOB, .u.auth = { 1, 0, &b } };

	ntlm_parse_blob(data, size, &b);
	fuzz_event(NULL, &ev);
	return 0;
}
