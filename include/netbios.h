/* NetBIOS session service framing (RFC 1002 / MS-SMB2 2.1 direct TCP): a
 * 4-byte header (type, 24-bit big-endian length) before each SMB message.
 * One nb_stream per direction turns arbitrary chunks of the TCP byte stream
 * into whole messages. */
#ifndef SMBSENSOR_NETBIOS_H
#define SMBSENSOR_NETBIOS_H

#include <stddef.h>
#include <stdint.h>

enum {
	NB_SESSION_MESSAGE = 0x00,
	NB_SESSION_REQUEST = 0x81,
	NB_POSITIVE_RESPONSE = 0x82,
	NB_NEGATIVE_RESPONSE = 0x83,
	NB_RETARGET_RESPONSE = 0x84,
	NB_KEEPALIVE = 0x85,
};

struct nb_stats {
	uint64_t messages;        /* session messages delivered */
	uint64_t control;         /* session request/response/keepalive frames */
	uint64_t truncated;       /* messages cut at the buffer limit though the SMB layer wanted more */
	uint64_t bytes_unbuffered; /* message bytes the SMB layer did not need (bulk data) */
	uint64_t resyncs;         /* times framing was lost and searched for again */
	uint64_t bytes_skipped;   /* bytes thrown away while out of sync */
	uint64_t gap_bytes;       /* bytes the capture lost (see nb_gap) */
	uint64_t damaged;         /* messages cut short at a hole in the bytes kept of them */
};

struct nb_stream {
	uint8_t hdr[4];
	uint8_t hdr_have;         /* header bytes collected for the current frame */
	uint8_t type;
	uint8_t need_sync;        /* searching for the next header (mid-stream, after a gap) */
	uint32_t len;             /* payload length of the current frame */
	uint32_t got;             /* payload bytes of the current frame consumed */
	uint8_t *buf;             /* the first min(len, limit) bytes of the frame */
	uint32_t buf_len;
	uint32_t buf_cap;
	uint32_t keep;            /* bytes of this frame to buffer, once decided */
	uint8_t decided;
	uint8_t damaged;          /* a hole fell inside the bytes being kept */
};

/* How many bytes of a message the consumer needs, decided from its first
 * headlen bytes (at least NB_DECIDE_BYTES, or the whole message if shorter).
 * Returning len keeps it all (up to the buffer limit). */
#define NB_DECIDE_BYTES 256
typedef size_t (*nb_want_fn)(void *ctx, const uint8_t *head, size_t headlen, size_t len);

/* Called for each complete session message: msg holds caplen bytes, the
 * first of the message's len bytes (caplen < len when the message was larger
 * than the buffer limit). */
typedef void (*nb_msg_fn)(void *ctx, const uint8_t *msg, size_t caplen, size_t len);

struct nb_consumer {
	nb_msg_fn msg;
	nb_want_fn want;          /* NULL: keep whole messages */
	void *ctx;
	uint32_t max_buffered;    /* hard limit on the bytes kept of one message */
	struct nb_stats *st;
	/* An anomaly (NULL: not reported): Zeek's unknown_netbios_type, addl
	 * the type in hex, when a header in sync has an impossible type. */
	void (*weird)(void *ctx, const char *name, const char *addl);
};

/* Feed the next chunk of one direction. A message that arrives in one chunk
 * is delivered whole, in place; one split across chunks is buffered, only as
 * far as the consumer wants and max_buffered allows (a cut the consumer did
 * not ask for, or a failed allocation, is counted as truncated). */
void nb_feed(struct nb_stream *s, const uint8_t *data, size_t n, const struct nb_consumer *k);

/* Start searching for a header: the stream was picked up mid-way or bytes
 * were lost. Anything partially collected is dropped. */
void nb_resync(struct nb_stream *s);

/* n bytes of the stream were lost by the capture. Inside the current
 * message the framing survives (its length is known): the message is still
 * delivered, cut at the hole if the hole fell in the bytes being kept
 * (counted as damaged). Otherwise framing is searched for again. */
void nb_gap(struct nb_stream *s, size_t n, const struct nb_consumer *k);

void nb_free(struct nb_stream *s);

#endif
