/* SMB over one TCP connection: the version dispatcher (SMB2/3, SMB1
 * recognition, SMB3 transform and compression headers) and the SMB2 state
 * that pairs requests with responses. */
#ifndef SMBSENSOR_SMB_H
#define SMBSENSOR_SMB_H

#include <stddef.h>
#include <stdint.h>
#include "events.h"

struct smb_limits {
	uint32_t max_pending;     /* outstanding requests remembered per connection (SMB2, and SMB1 apart) */
	uint32_t max_compound;    /* SMB2 messages followed in one compound chain */
	uint32_t max_pipes;       /* pipe trees and pipe files remembered per connection */
};

struct smb_stats {
	uint64_t smb2_msgs;
	uint64_t smb1_msgs;
	uint64_t transform_msgs;  /* SMB3 encrypted (0xFD 'SMB') */
	uint64_t compressed_msgs; /* SMB3.1.1 compression (0xFC 'SMB') */
	uint64_t not_smb;         /* session messages with no SMB protocol id */
	uint64_t bad_headers;     /* SMB2 headers that fail validation */
	uint64_t bad_bodies;      /* command bodies too short or with lying offsets */
	uint64_t compound_cut;    /* chains stopped at max_compound or at a bad NextCommand */
	uint64_t pending_evicted; /* requests forgotten because max_pending was reached */
	uint64_t unmatched_responses;
	uint64_t interim_responses; /* async STATUS_PENDING, the result follows */
	uint64_t smb2_commands[19]; /* requests by SMB2 command code (NEGOTIATE .. OPLOCK_BREAK) */
	uint64_t pipe_transceives;  /* IOCTL FSCTL_PIPE_TRANSCEIVE requests */
	uint64_t pipes_refused;     /* pipe trees/files not remembered: max_pipes reached */
	uint64_t pipe_bytes;        /* named-pipe bytes handed on (DCE/RPC) */
	/* SMB1 (dissectors/smb1.c) */
	uint64_t smb1_bad_headers;        /* shorter than the 32-byte header */
	uint64_t smb1_bad_bodies;         /* WordCount/ByteCount/offsets outside the message */
	uint64_t smb1_andx_too_deep;      /* chains cut at SMB1_MAX_ANDX_DEPTH */
	uint64_t smb1_andx_not_advancing; /* chains cut at an AndXOffset that does not move forward */
	uint64_t smb1_pending_evicted;    /* requests forgotten because max_pending was reached */
	uint64_t smb1_unmatched_responses;
	uint64_t smb1_trans_msgs;         /* TRANSACTION, TRANSACTION2, NT_TRANSACT (+ secondaries) */
	uint64_t smb1_trans_unreassembled; /* pipe TRANSACTIONs whose data did not fit one message: skipped */
};

struct smb2_pending;
struct smb2_pipe;
struct smb1_pending;

struct smb_state {
	struct smb2_pending *pending;   /* uthash by MessageId */
	uint32_t npending;
	struct smb1_pending *pending1;  /* SMB1 requests by (PID, MID), dissectors/smb1.c */
	uint32_t npending1;
	uint16_t dialect;
	uint8_t smb1_negotiate;         /* an SMB1 NEGOTIATE was sent: MessageId 0 may get an SMB2 answer */
	struct smb2_pipe *pipe_trees;   /* TreeIds of IPC$-like shares (dissectors/smb2_pipes.c) */
	struct smb2_pipe *pipe_files;   /* FileIds opened on them */
	uint32_t npipes;
};

struct smb_ctx {
	const struct smb_limits *lim;
	struct smb_stats *st;
	const struct ev_sink *sink;
	int64_t ts_us;
	size_t msg_len;          /* the message's length on the wire, when more was
				    sent than handed over (snaplen, buffer limit); 0: all */
};

/* One NetBIOS session message from the client (from_client=1) or server:
 * its first caplen bytes (all of it, or as much as smb_wanted_bytes asked).
 * Returns 1 when it carried an SMB protocol id (any version), else 0. */
int smb_message(struct smb_state *s, const struct smb_ctx *c, int from_client,
		 const uint8_t *msg, size_t caplen);

/* How many bytes of a message split across segments are worth buffering,
 * judged from its first headlen bytes (NetBIOS header excluded). */
size_t smb_wanted_bytes(const struct smb_state *s, const uint8_t *head, size_t headlen, size_t len);

void smb_state_free(struct smb_state *s);

/* Forget the SMB1 requests still waiting for their response (dissectors/smb1.c;
 * called by smb_state_free). */
void smb1_state_free(struct smb_state *s);

#endif
