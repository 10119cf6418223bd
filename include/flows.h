/* Our table of tracked TCP connections, keyed by the client/server 4-tuple.
 * libnids owns the reassembly; this owns everything we know about each
 * connection, and outlives libnids' own stream pointers. */
#ifndef SMBSENSOR_FLOWS_H
#define SMBSENSOR_FLOWS_H

#include <stdint.h>
#include <uthash.h>

#include "conn_track.h"
#include "log_notice.h"
#include "log_ntlm.h"
#include "log_smb_files.h"
#include "pipes.h"
#include "netbios.h"
#include "sensor.h"
#include "smb.h"
#include "smb_track.h"
#include "tcpseg.h"
#include "uid.h"
#include "weird_limit.h"

struct tcp_stream;

struct conn_key {
	uint32_t cli_addr;   /* network byte order, as libnids' tuple4 */
	uint32_t srv_addr;
	uint16_t cli_port;   /* host byte order */
	uint16_t srv_port;
};

enum conn_end { CONN_IDLE, CONN_EVICTED, CONN_REUSED, CONN_AT_EXIT };

/* One direction of a connection, as recovery and conn.log follow it. */
struct dir_track {
	uint32_t ahead_min;         /* lowest seq seen beyond libnids' expected one */
	uint8_t ahead_set;
	uint32_t saved_ack;         /* receiver's ack_seq while it is lowered for one packet */
	uint32_t gap_pending;       /* filler bytes libnids is about to deliver */
};

struct conn {
	struct conn_key key;
	char uid[UID_LEN];
	char orig_h[46], resp_h[46]; /* INET6_ADDRSTRLEN */
	int64_t ts_first_us;
	int64_t last_us;            /* packet time of the last packet */
	uint8_t midstream;          /* libnids was started without the handshake */
	struct tcp_stream *stream;  /* libnids' established stream; NULL before JUST_EST and after it ends */
	uint8_t ended;              /* FIN or RST seen: only late packets are left */
	uint8_t syn_seen;           /* the client's SYN, with sequence number client_isn */
	uint8_t fins;               /* 1: client sent FIN, 2: server sent FIN */
	uint32_t client_isn;
	struct nb_stream nb[2];     /* [1] client to server, [0] server to client */
	struct dir_track dir[2];    /* indexed the same way */
	uint64_t missed_bytes;      /* bytes of holes the capture lost (Zeek's missed_bytes) */
	uint32_t smb_msgs;          /* messages with an SMB protocol id (service "smb") */
	uint8_t rpc_tcp;            /* DCE/RPC directly over TCP, not SMB */
	uint8_t rpc_confirmed;      /* a whole DCE/RPC PDU was parsed (service "dce_rpc") */
	struct conn_track track;    /* Zeek's endpoint states, sizes, history */
	struct smb_state smb;
	struct smb_track smbt;      /* trees and open files, from the events */
	struct smb_files_state files; /* rows smb_files.log wrote recently */
	struct pipe_stream *pipes;  /* DCE/RPC per named pipe */
	struct ntlm_rec ntlm;
	int64_t findings_us[NOTE_KINDS - NOTE_SMB1]; /* packet time each finding kind was last handed on */
	struct weird_state weirds;  /* weird.log rate limit */
	struct sensor *s;
	struct ev_sink sink;
	UT_hash_handle hh;
	struct conn *prev, *next;   /* s->active or s->ended, least recently used first */
};

struct conn *flow_find(struct sensor *s, const struct conn_key *k);
/* Start tracking at the connection's first packet; NULL on allocation
 * failure. The caller makes room first (flow_full / flow_close). */
struct conn *flow_open(struct sensor *s, const struct conn_key *k);
/* A TCP packet of c, seen now, before libnids gets it. */
void flow_packet(struct conn *c, int from_client, const struct tcp_seg *t);
/* libnids starts c without its handshake: the SMB layer must resync. */
void flow_midstream(struct conn *c);
/* The table is at its configured size. */
int flow_full(const struct sensor *s);
/* The least recently active connection whose timeout has passed at packet
 * time now (ended ones first), or NULL. */
struct conn *flow_expired(const struct sensor *s, int64_t now);
/* The connection to evict when the table is full. */
struct conn *flow_victim(const struct sensor *s);
/* Bytes from one side, in order. */
void flow_data(struct conn *c, int from_client, const uint8_t *data, size_t n);
/* The next n bytes libnids delivers from that side are filler for a hole
 * the capture lost; flow_gap_done after they were fed. */
void flow_gap(struct conn *c, int from_client, uint32_t n);
void flow_gap_done(struct conn *c, int from_client);
/* Final rows for the connection, then forget it. */
void flow_close(struct conn *c, enum conn_end how);
void flow_close_all(struct sensor *s);

#endif
