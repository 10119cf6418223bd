/* Zeek's view of a TCP connection, for conn.log: each endpoint's state,
 * sequence-number sizes, packet and IP byte counts, and the history
 * string, updated from every packet (TCPSessionAdapter, TCP_Endpoint and
 * conn/main.zeek, as ../shared/ZEEK-LOGS.md section 10 and the project's
 * reading of Zeek's source describe them). */
#ifndef SMBSENSOR_CONN_TRACK_H
#define SMBSENSOR_CONN_TRACK_H

#include <stdint.h>
#include "tcpseg.h"

#define CONN_HISTORY_MAX 64

enum ep_state { EP_INACTIVE, EP_SYN_SENT, EP_SYN_ACK_SENT, EP_PARTIAL, EP_ESTABLISHED, EP_CLOSED, EP_RESET };

struct endpoint {
	uint8_t state, prev_state;
	uint8_t did_close;
	uint32_t start, last_seq, ack_seq;
	uint32_t seq_wraps, ack_wraps;
	uint32_t fin_cnt;
	uint32_t last_syn, last_fin, last_rst;  /* relative, for repeated letters */
	uint32_t retransmits, gaps, zero_windows;
	uint16_t letters;                        /* letters already recorded once */
	uint64_t pkts, ip_bytes;
};

struct conn_track {
	struct endpoint ep[2];   /* [1] originator (client), [0] responder */
	int64_t first_us, last_us;
	uint8_t seen;            /* a packet was seen */
	uint8_t hlen;
	char history[CONN_HISTORY_MAX + 1];
};

/* One packet from the client (from_client=1) or the server, at time ts. */
void conntrack_packet(struct conn_track *t, int from_client, const struct tcp_seg *seg, uint16_t ip_bytes,
		      int64_t ts);
/* A hole the capture lost in that side's data ('G'/'g'). */
void conntrack_gap(struct conn_track *t, int from_client);
/* Zeek's conn_state code (S0, S1, SF, REJ, ... OTH). */
const char *conntrack_state(const struct conn_track *t);
/* Payload bytes from sequence numbers (Zeek's orig_bytes/resp_bytes). */
uint64_t conntrack_size(const struct conn_track *t, int from_client);

#endif
