/* SMB1 messages (smb_messages.h); FUZZ_ALT lets one SMB2 message through, as a
 * server answers an SMB1 NEGOTIATE with SMB2. */
#include "common.h"
#include "smb_messages.h"

static const uint8_t *pick(uint8_t flags)
{
	return (const uint8_t *)(flags & FUZZ_ALT ? "\xfeSMB" : "\xffSMB");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_smb(data, size, pick);
}
