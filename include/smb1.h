/* SMB1 / CIFS message parsing (MS-CIFS, MS-SMB), called by the SMB dispatcher
 * (dissectors/smb.c). Raises the same events as SMB2, with version 1. */
#ifndef SMBSENSOR_SMB1_H
#define SMBSENSOR_SMB1_H

#include <stdint.h>
#include "reader.h"
#include "smb.h"

#define SMB1_HDR_LEN 32
#define SMB1_MAX_ANDX_DEPTH 10    /* commands followed in one AndX chain, as Zeek's max_andx_depth */

/* ev_negotiate.dialect for SMB1, which names dialects by string: */
#define SMB1_DIALECT_NT_LM_012 0x0100  /* "NT LM 0.12", the only NT-style dialect */
#define SMB1_DIALECT_PRE_NT 0x00FF     /* LANMAN / core dialects (PC NETWORK PROGRAM 1.0 ...) */
/* 0 when the server accepted none of the offered dialects (index 0xFFFF). */

enum smb1_command {
	SMB1_COM_CLOSE = 0x04,
	SMB1_COM_LOCKING_ANDX = 0x24,
	SMB1_COM_TRANSACTION = 0x25,
	SMB1_COM_TRANSACTION_SECONDARY = 0x26,
	SMB1_COM_ECHO = 0x2B,
	SMB1_COM_OPEN_ANDX = 0x2D,
	SMB1_COM_READ_ANDX = 0x2E,
	SMB1_COM_WRITE_ANDX = 0x2F,
	SMB1_COM_TRANSACTION2 = 0x32,
	SMB1_COM_TRANSACTION2_SECONDARY = 0x33,
	SMB1_COM_TREE_DISCONNECT = 0x71,
	SMB1_COM_NEGOTIATE = 0x72,
	SMB1_COM_SESSION_SETUP_ANDX = 0x73,
	SMB1_COM_LOGOFF_ANDX = 0x74,
	SMB1_COM_TREE_CONNECT_ANDX = 0x75,
	SMB1_COM_NT_TRANSACT = 0xA0,
	SMB1_COM_NT_TRANSACT_SECONDARY = 0xA1,
	SMB1_COM_NT_CREATE_ANDX = 0xA2,
	SMB1_COM_NT_CANCEL = 0xA4,
	SMB1_COM_NONE = 0xFF,       /* AndXCommand: end of the chain */
};

/* TRANSACTION Setup[0] subcommands on a named pipe (MS-CIFS 2.2.5). */
#define SMB1_TRANS_TRANSACT_NMPIPE 0x0026  /* Setup[1] is the FID */

#define SMB1_FLAGS_REPLY 0x80
#define SMB1_FLAGS2_NT_STATUS 0x4000
#define SMB1_FLAGS2_UNICODE 0x8000
#define SMB1_FLAGS2_EXTENDED_SECURITY 0x0800

/* The fixed 32-byte header. status is the NT status, or the DOS error
 * (ErrorClass, reserved, ErrorCode) read as one little-endian 32-bit value:
 * either way 0 is success. */
#define SMB1_FLAGS2_SECURITY_SIGNATURE 0x0004

struct smb1_hdr {
	uint8_t command;
	uint32_t status;
	uint8_t flags;
	uint16_t flags2;
	uint32_t pid;             /* PIDHigh << 16 | PIDLow */
	uint16_t tid, uid, mid;
};

/* Parse the header at the reader's position. Returns 0, or -1 if it is not
 * an SMB1 header (bad magic or too short). */
int smb1_parse_header(struct rd *r, struct smb1_hdr *h);

/* One NetBIOS message whose first bytes are 0xFF 'SMB' (possibly an AndX
 * chain); r covers the captured part of it. */
void smb1_message(struct smb_state *s, const struct smb_ctx *c, int from_client, struct rd *r);

#endif
