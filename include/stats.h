/* The sensor's counters: everything skipped, refused or lost is counted
 * here and reported in stats.log. Every member is a uint64_t (nested ones
 * too): the coordinator of --workers adds them up as an array. */
#ifndef SMBSENSOR_STATS_H
#define SMBSENSOR_STATS_H

#include <stdint.h>
#include "netbios.h"
#include "smb.h"
#include "smb_track.h"
#include "dcerpc.h"

struct sensor_stats {
	uint64_t pkts;
	uint64_t bytes;
	uint64_t pkts_l2_unknown;    /* link layer or ethertype we do not decode */
	uint64_t pkts_short;         /* cut before the IP header ended */
	uint64_t pkts_ipv6;          /* IPv6 packets (reassembled through stand-in IPv4 addresses) */
	uint64_t pkts_ipv6_frag;     /* IPv6 fragments, not reassembled */
	uint64_t pkts_ipv6_unmapped; /* no stand-in address could be had (table full) */
	uint64_t pkts_tso_fixed;     /* IPv4 total length 0 (TSO), taken from the capture */
	uint64_t pkts_snaplen_cut;   /* cut by the snaplen: the captured part is used */
	uint64_t pkts_ack_only;      /* pure ACKs applied to libnids' state without its packet path */
	uint64_t conns;
	uint64_t conns_midstream;    /* picked up without seeing the handshake */
	uint64_t conns_ended;        /* FIN or RST seen (they leave after conn_close_delay) */
	uint64_t conns_closed;       /* released conn_close_delay after FIN/RST */
	uint64_t conns_idle;         /* expired after conn_idle_timeout without a packet */
	uint64_t conns_evicted;      /* pushed out, least recently active first, at max_connections */
	uint64_t conns_reused;       /* a new SYN on the 4-tuple of an ended connection */
	uint64_t conns_open_at_exit;
	uint64_t conns_alloc_failed;
	uint64_t gaps;               /* holes in a stream that the capture lost */
	uint64_t gap_bytes;          /* their size (conn.log's missed_bytes) */
	uint64_t gap_fill_refused;   /* fillers libnids did not take (should stay 0) */
	uint64_t weirds;             /* protocol anomalies: weird.log rows + weirds_suppressed */
	uint64_t weirds_suppressed;  /* not written: the connection's rate limit */
	uint64_t weird_names_refused; /* of those, names past weird_max_names on their connection */
	uint64_t summary_full;       /* accounts/shares not kept for the summary */
	uint64_t nids_ip_warnings;
	uint64_t nids_tcp_toomuch;   /* "too much data in receive queue" */
	uint64_t nids_tcp_bigqueue;
	uint64_t nids_tcp_hdr;
	uint64_t nids_tcp_badflags;
	uint64_t nids_other_warnings;
	uint64_t pcap_recv;
	uint64_t pcap_drop;
	uint64_t pcap_ifdrop;
	uint64_t pkts_before_fanout; /* --workers: queued before the worker joined the fanout group, dropped */
	struct nb_stats nb;
	struct smb_stats smb;
	struct smb_track_stats track;
	struct dcerpc_stats dcerpc;
	uint64_t dcerpc_pipes_refused;  /* pipes whose DCE/RPC was not followed: smb_max_pipes */
	uint64_t rpc_tcp_conns;         /* TCP connections followed as DCE/RPC */
	uint64_t rpc_endpoints_learned; /* TCP endpoints from ept_map responses */
	uint64_t rpc_endpoints_evicted; /* the oldest forgotten at rpc_max_endpoints */
	uint64_t rpc_endpoints_alloc_failed;
	uint64_t written_hosts_refused; /* exec_max_hosts reached */
	uint64_t rpc_exec_calls;        /* execution calls decoded (smb_exec.log candidates) */
	uint64_t rpc_exec_malformed;    /* their stub ended early or lied about a size */
	uint64_t rpc_exec_truncated;    /* a logged argument longer than TEXT_MAX, cut */
	uint64_t rpc_exec_undecoded;    /* sealed or NDR64 stubs of those interfaces */
	uint64_t notices;               /* notice.log rows */
	uint64_t detect_hosts_evicted;  /* exec-chain state forgotten at detect_max_hosts */
	uint64_t detect_hosts_expired;  /* hosts idle longer than exec_chain_window, forgotten */
	uint64_t detect_alloc_failed;
	uint64_t fanout_keys_evicted;   /* accounts/sources forgotten at fanout_max_keys */
	uint64_t fanout_keys_expired;   /* accounts/sources idle longer than fanout_key_timeout */
	uint64_t fanout_edges_refused;  /* destinations not remembered at fanout_max_edges */
	uint64_t logon_keys_evicted;    /* sources/accounts forgotten at logon_max_keys */
	uint64_t finding_pairs_evicted; /* (kind, client, server) forgotten at finding_max_pairs */
	uint64_t finding_pairs_expired; /* pairs whose finding_interval had passed, forgotten */
};

#endif
