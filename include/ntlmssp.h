/* SPNEGO (RFC 4178) and NTLMSSP (MS-NLMP) security blobs, as carried in SMB
 * SESSION_SETUP (and later in DCE/RPC auth verifiers). Pure: bytes in, struct out. */
#ifndef SMBSENSOR_NTLMSSP_H
#define SMBSENSOR_NTLMSSP_H

#include <stddef.h>
#include <stdint.h>
#include "text.h"

enum ntlm_msg {
	NTLM_NONE = 0,
	NTLM_NEGOTIATE = 1,
	NTLM_CHALLENGE = 2,
	NTLM_AUTHENTICATE = 3,
};

/* SPNEGO negResult; NEG_NONE when the blob carried none. */
enum spnego_result {
	NEG_NONE = -1,
	NEG_ACCEPT_COMPLETED = 0,
	NEG_ACCEPT_INCOMPLETE = 1,
	NEG_REJECT = 2,
	NEG_REQUEST_MIC = 3,
};

enum auth_mech {
	MECH_UNKNOWN = 0,
	MECH_NTLMSSP,
	MECH_KERBEROS,
};

/* What one blob revealed. Fields not carried by the blob stay unset
 * (text.set == 0). */
struct ntlm_blob {
	enum ntlm_msg msg;              /* NTLMSSP message found inside, if any */
	enum spnego_result neg_result;
	enum auth_mech mech;            /* mechanism of the token or the first mechType offered */
	int spnego;                     /* 1 when wrapped in SPNEGO/GSS-API */
	uint32_t flags;                 /* NTLMSSP NegotiateFlags */
	/* AUTHENTICATE */
	struct text user, domain, workstation;
	int anonymous;                  /* AUTHENTICATE with empty user and empty/1-byte LM response */
	/* CHALLENGE target info (AV pairs) */
	struct text server_nb_computer, server_nb_domain;
	struct text server_dns_computer, server_dns_domain, server_dns_tree;
};

/* Parse a security blob: raw NTLMSSP ("NTLMSSP\0..."), a GSS-API
 * InitialContextToken ([APPLICATION 0] with the SPNEGO OID), or a bare
 * NegTokenInit [0] / NegTokenResp [1]. Fills *out (always initialised).
 * Returns 0 when something was recognised, -1 for bytes that are none of
 * these or are malformed; malformed input never reads out of bounds. */
int ntlm_parse_blob(const uint8_t *p, size_t len, struct ntlm_blob *out);

#endif
