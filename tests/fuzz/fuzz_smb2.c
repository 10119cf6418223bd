/* SMB2/3 messages (smb_messages.h). FUZZ_ALT marks an SMB3 transform header
 * (0xFD 'SMB'), FUZZ_RESYNC a compression header (0xFC 'SMB'). */
#include "common.h"
#include "smb_messages.h"

static const uint8_t *pick(uint8_t flags)
{
	if (flags & FUZZ_ALT)
		return (const uint8_t *)"\xfdSMB";
	if (flags & FUZZ_RESYNC)
		return (const uint8_t *)"\xfcSMB";
	return (const uint8_t *)"\xfeSMB";
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_smb(data, size, pick);
}
