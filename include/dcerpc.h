/* DCE/RPC connection-oriented PDUs (C706 ch. 12, MS-RPCE 2.2.2) over one byte
 * stream pair: a named pipe (one SMB2 FileId, or SMB1's shared pipe stream)
 * or a TCP connection (port 135 or a dynamic endpoint).
 *
 * Pure: no I/O, no globals, no clock. The caller owns the state and feeds it
 * the bytes of each direction in order, in chunks of any size; the dissector
 * frames PDUs (buffering a partial one), reassembles fragmented calls and
 * reports what it found through the callbacks of a struct dcerpc_sink.
 *
 * Lifetimes: every pointer inside a structure passed to a callback (stub,
 * token, the arrays of a bind) points into the dissector's own buffers or
 * into the caller's chunk, and is valid only until the callback returns.
 * Copy what must be kept. Callbacks must not call dcerpc_feed/dcerpc_gap/
 * dcerpc_state_free on the same state. */
#ifndef SMBSENSOR_DCERPC_H
#define SMBSENSOR_DCERPC_H

#include <stddef.h>
#include <stdint.h>

#include "text.h"

/* PTYPE values (C706 12.6.3.1, MS-RPCE 2.2.2.13). */
enum dcerpc_ptype {
	DCERPC_REQUEST = 0x00,
	DCERPC_RESPONSE = 0x02,
	DCERPC_FAULT = 0x03,
	DCERPC_BIND = 0x0b,
	DCERPC_BIND_ACK = 0x0c,
	DCERPC_BIND_NAK = 0x0d,
	DCERPC_ALTER_CONTEXT = 0x0e,
	DCERPC_ALTER_CONTEXT_RESP = 0x0f,
	DCERPC_AUTH3 = 0x10,
	DCERPC_SHUTDOWN = 0x11,
	DCERPC_CO_CANCEL = 0x12,
	DCERPC_ORPHANED = 0x13,
};
#define DCERPC_PTYPE_MAX 0x13

/* pfc_flags */
#define DCERPC_PFC_FIRST_FRAG 0x01
#define DCERPC_PFC_LAST_FRAG 0x02
#define DCERPC_PFC_OBJECT_UUID 0x80

/* auth_type values worth naming (MS-RPCE 2.2.1.1.7) */
#define DCERPC_AUTH_SPNEGO 9
#define DCERPC_AUTH_NTLMSSP 10
#define DCERPC_AUTH_KERBEROS 16
#define DCERPC_AUTH_SCHANNEL 14     /* Zeek's "tls" */
#define DCERPC_AUTH_NETLOGON 68     /* Zeek's "netlogon" */
/* auth_level 6: the stub is encrypted (MS-RPCE 2.2.1.1.8) */
#define DCERPC_AUTH_LEVEL_PRIVACY 6

/* Defaults used for a NULL limits pointer or a zero field. Zeek's
 * DCE_RPC::max_cmd_reassembly is 20 calls and DCE_RPC::max_frag_data 30000
 * bytes; we keep 20 calls but allow 1 MiB per call, because the requests we
 * decode (SchRpcRegisterTask with its task XML, CreateServiceW) can pass 30000
 * bytes. max_pdu 65535 is the largest frag_length the wire can express, so by
 * default no PDU is refused for its size. */
#define DCERPC_DEFAULT_MAX_CALLS 20
#define DCERPC_DEFAULT_MAX_CALL_BYTES (1u << 20)
#define DCERPC_DEFAULT_MAX_PDU 65535

struct dcerpc_limits {
	uint32_t max_calls;      /* fragmented calls being reassembled, per direction */
	uint32_t max_call_bytes; /* stub bytes of one reassembled call */
	uint32_t max_pdu;        /* largest PDU buffered; a larger one is skipped unread */
};

/* Counters, caller-owned (per connection or global); only ever incremented. */
struct dcerpc_stats {
	uint64_t pdus;                    /* PDUs framed with a valid header */
	uint64_t by_ptype[DCERPC_PTYPE_MAX + 1];
	uint64_t bad_headers;             /* runs of bytes that were no PDU header (resync) */
	uint64_t bytes_skipped;           /* bytes dropped while resynchronising */
	uint64_t malformed;               /* PDUs whose body or auth trailer did not parse */
	uint64_t big_endian;              /* PDUs with big-endian drep: framed and skipped */
	uint64_t too_large;               /* PDUs over max_pdu: skipped */
	uint64_t reassembled;             /* calls completed from more than one fragment */
	uint64_t too_many_calls;          /* refused: max_calls in reassembly */
	uint64_t too_much_data;           /* refused: call over max_call_bytes */
	uint64_t multiple_first;          /* second first-fragment for a call in reassembly */
	uint64_t orphan_fragments;        /* middle/last fragment of a call not in reassembly */
	uint64_t sealed;                  /* request/response calls with an encrypted stub */
	uint64_t contexts_evicted;        /* presentation contexts forgotten (table full) */
	uint64_t alloc_failures;          /* buffers not grown for want of memory */
};

/* One presentation context as offered in a BIND / ALTER_CONTEXT. */
#define DCERPC_MAX_XFER 4
struct dcerpc_pctx {
	uint16_t ctx_id;
	uint8_t uuid[16];           /* abstract syntax (interface), wire order; see rpc_names.h */
	uint16_t ver_major, ver_minor;
	uint8_t n_transfer;         /* as on the wire */
	uint8_t n_xfer;             /* how many are in xfer[] (at most DCERPC_MAX_XFER) */
	struct {
		uint8_t uuid[16];
		uint32_t version;
	} xfer[DCERPC_MAX_XFER];
};

#define DCERPC_MAX_BIND_CTX 16  /* contexts reported per BIND; more are counted only */
struct dcerpc_bind {
	int alter;                  /* 1 for ALTER_CONTEXT */
	uint32_t call_id;
	uint16_t max_xmit_frag, max_recv_frag;
	uint32_t assoc_group;
	uint8_t n_ctx;              /* as on the wire */
	uint8_t n_items;            /* entries in ctx[] */
	const struct dcerpc_pctx *ctx;
	int64_t ts_us;
};

/* Result of one context in a BIND_ACK / ALTER_CONTEXT_RESP (0 = acceptance,
 * 1 = user rejection, 2 = provider rejection, 3 = negotiate_ack). */
struct dcerpc_result {
	uint16_t result, reason;
	uint8_t xfer_uuid[16];
	uint32_t xfer_version;
};

struct dcerpc_bind_ack {
	enum dcerpc_ptype ptype;    /* BIND_ACK, ALTER_CONTEXT_RESP or BIND_NAK */
	uint32_t call_id;
	uint16_t max_xmit_frag, max_recv_frag;
	uint32_t assoc_group;
	struct text sec_addr;       /* "\PIPE\svcctl", "135"...; set == 0 when absent (ALTER_RESP may carry none) */
	uint8_t n_results;          /* as on the wire */
	uint8_t n_items;            /* entries in results[] */
	const struct dcerpc_result *results;
	uint16_t reject_reason;     /* BIND_NAK only */
	int64_t ts_us;
};

/* A complete call in one direction: REQUEST (client) or RESPONSE (server). */
struct dcerpc_call_info {
	uint32_t call_id;
	uint16_t ctx_id;
	int opnum_known;            /* response: a request with this call_id was seen */
	uint16_t opnum;             /* from the request (responses: from the matching request) */
	int iface_known;            /* ctx_id was bound in a BIND/ALTER_CONTEXT of this state */
	uint8_t iface[16];          /* the interface UUID of ctx_id (wire order) */
	uint16_t iface_ver_major, iface_ver_minor;
	int xfer_known;             /* the BIND_ACK accepting ctx_id was seen */
	uint8_t xfer[16];           /* its accepted transfer syntax (wire order) */
	int ndr64;                  /* that syntax is NDR64 (71710533-beba-4937-8319-b5dbef9ccc36) */
	int has_object;             /* request with PFC_OBJECT_UUID */
	uint8_t object[16];
	/* The stub, reassembled across fragments, without auth padding or
	 * verifier. NULL/0 when sealed: encrypted bytes are never handed out. */
	const uint8_t *stub;
	size_t stub_len;
	size_t wire_stub_len;       /* stub bytes on the wire, sealed or not */
	int sealed;                 /* auth_level 6: stub encrypted */
	uint8_t auth_type, auth_level; /* 0/0 without an auth verifier */
	uint32_t fragments;
	int64_t ts_us;              /* time of the first fragment */
	int64_t ts_last_us;         /* time of the last fragment (Zeek's event time) */
};

struct dcerpc_fault {
	uint32_t call_id;
	uint16_t ctx_id;
	int opnum_known;
	uint16_t opnum;
	uint32_t status;            /* NCA / Win32 status, e.g. 0x1c010003 nca_s_op_rng_error */
	int64_t ts_us;
};

/* The auth verifier of a BIND, ALTER_CONTEXT, AUTH3, BIND_ACK or
 * ALTER_CONTEXT_RESP: for auth_type 10 the token is a raw NTLMSSP message and
 * for 9 an SPNEGO token, both for ntlm_parse_blob() (ntlmssp.h). */
struct dcerpc_auth {
	int from_client;
	enum dcerpc_ptype ptype;
	uint32_t call_id;
	uint8_t auth_type, auth_level, auth_pad_length;
	uint32_t auth_context_id;
	const uint8_t *token;
	size_t token_len;
	int64_t ts_us;
};

/* An anomaly, reported each time it is seen (the sensor rate-limits the
 * rows). Names: Zeek's too_many_dce_rpc_msgs_in_reassembly,
 * too_much_dce_rpc_fragment_data, multiple_first_fragments_in_dce_rpc_reassembly,
 * tls_/netlogon_/unknown_dce_rpc_auth_type (addl: the auth type), and ours in
 * Zeek's style: dce_rpc_bad_header (once per run of non-header bytes),
 * dce_rpc_malformed_pdu, dce_rpc_big_endian_drep, dce_rpc_pdu_too_large. Zeek
 * stops analysing the stream after its reassembly weirds; we go on parsing. */
struct dcerpc_weird {
	const char *name;           /* static */
	const char *addl;           /* NULL when none; valid during the call */
	int64_t ts_us;
};

/* Any member may be NULL. ctx is passed back as the first argument. */
struct dcerpc_sink {
	void (*bind)(void *ctx, const struct dcerpc_bind *b);
	void (*bind_ack)(void *ctx, const struct dcerpc_bind_ack *a);
	void (*request)(void *ctx, const struct dcerpc_call_info *c);
	void (*response)(void *ctx, const struct dcerpc_call_info *c);
	void (*fault)(void *ctx, const struct dcerpc_fault *f);
	void (*auth)(void *ctx, const struct dcerpc_auth *a);
	void (*weird)(void *ctx, const struct dcerpc_weird *w);
	void *ctx;
};

/* ---- State. Zero-initialise; free with dcerpc_state_free(). Members are
 * private to dcerpc.c. ---- */
struct dcerpc_frag_call;            /* a call in reassembly */

struct dcerpc_dir {
	uint8_t *buf;                   /* the PDU being received (header first) */
	size_t len, cap;
	uint32_t discard;               /* bytes left of a PDU skipped unread */
	uint8_t resync;                 /* inside a run of non-header bytes */
	struct dcerpc_frag_call *calls;
	uint32_t ncalls, calls_cap;
};

#define DCERPC_MAX_CTX 32           /* presentation contexts remembered per state */
#define DCERPC_MAX_PENDING 32       /* requests remembered for their responses' opnum */

struct dcerpc_state {
	struct dcerpc_dir dir[2];       /* [1]: from the client */
	struct {
		uint16_t ctx_id;
		uint16_t ver_major, ver_minor;
		uint8_t uuid[16];
		uint8_t accepted;       /* 0 not answered, 1 accepted, 2 rejected */
		uint8_t xfer[16];
	} ctx[DCERPC_MAX_CTX];
	uint8_t nctx, ctx_next;
	uint16_t offered[DCERPC_MAX_BIND_CTX]; /* ctx ids of the last BIND/ALTER, in order */
	uint8_t noffered;
	struct {
		uint32_t call_id;
		uint16_t opnum;
		uint8_t used;
	} pending[DCERPC_MAX_PENDING];
	uint8_t pending_next;
};

/* Feed n bytes of one direction (from_client: 1 client->server, 0 server->
 * client) of the stream. lim may be NULL (defaults); st must not be NULL;
 * sink may be NULL (parse and count only). ts_us is the capture time of the
 * chunk. */
void dcerpc_feed(struct dcerpc_state *s, const struct dcerpc_limits *lim, struct dcerpc_stats *st,
		 const struct dcerpc_sink *sink, int from_client, const uint8_t *data, size_t n,
		 int64_t ts_us);

/* Bytes of that direction were lost: forget its partial PDU and the calls it
 * was reassembling. The next byte fed is taken as a possible PDU start (and
 * resynchronised on if it is not). */
void dcerpc_gap(struct dcerpc_state *s, int from_client);

/* Release the buffers; the state is zeroed and may be reused. */
void dcerpc_state_free(struct dcerpc_state *s);

/* 1 when the n bytes at p begin with a client's BIND or ALTER_CONTEXT PDU
 * (little-endian, unfragmented, offering at least one context): how a
 * DCE/RPC connection on a port nobody announced is recognised. */
int dcerpc_starts_association(const uint8_t *p, size_t n);

#endif
