/* The SMB targets (fuzz_smb2.c and fuzz_smb1.c): whole NetBIOS session
 * messages of both directions, in order, through the SMB dispatcher. */
#ifndef SMBSENSOR_FUZZ_SMB_MESSAGES_H
#define SMBSENSOR_FUZZ_SMB_MESSAGES_H

#include <stddef.h>
#include <stdint.h>

/* After a settings byte (limits), each chunk is one message. Its first four
 * bytes are replaced by the protocol id that pick() returns for the chunk's
 * flags, so that mutations are spent on what follows the id. A message the
 * sensor would buffer only in part (smb_wanted_bytes) is cut there, unless
 * FUZZ_WHOLE is set: it arrived in one segment and is parsed in place. */
int fuzz_smb(const uint8_t *data, size_t size, const uint8_t *(*pick)(uint8_t flags));

#endif
