/* sensor.conf: `key = value` lines, `#` comments. Every limit the sensor
 * enforces comes from here. */
#ifndef SMBSENSOR_CONFIG_H
#define SMBSENSOR_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#define CONFIG_LIST_MAX 32  /* entries of a list value */
#define CONFIG_ITEM_MAX 64  /* bytes of one entry, with its NUL */

/* A list value: names separated by commas or blanks. */
struct config_list {
	unsigned n;
	char item[CONFIG_LIST_MAX][CONFIG_ITEM_MAX];
};

#define CONFIG_CIDR_MAX 256

/* A list of IPv4/IPv6 networks ("10.0.0.0/8 2001:db8::/32 192.0.2.7"). */
struct config_cidrs {
	unsigned n;
	struct {
		uint8_t addr[16];   /* IPv4 in the first 4 bytes */
		uint8_t prefix;     /* bits */
		uint8_t v6;
	} net[CONFIG_CIDR_MAX];
};

struct config {
	uint32_t max_connections;     /* connections tracked at once (LRU eviction beyond) */
	uint32_t conn_idle_timeout;   /* seconds of packet time without a packet */
	uint32_t conn_close_delay;    /* seconds kept after FIN/RST, for late packets */
	uint32_t capture_buffer_bytes; /* kernel ring of a live capture */
	uint32_t stats_interval;      /* seconds between stats.log rows of a live capture */
	uint32_t smb_max_buffered;    /* bytes kept of one NetBIOS message */
	uint32_t smb_max_pending;     /* outstanding SMB2 requests per connection */
	uint32_t smb_max_compound;    /* SMB2 messages followed in one compound */
	uint32_t smb_max_trees;       /* tree connects remembered per connection */
	uint32_t smb_max_opens;       /* open files remembered per connection */
	uint32_t smb_max_sessions;    /* sessions remembered per connection */
	uint32_t smb_max_pipes;       /* named-pipe trees and files remembered per connection */
	uint32_t dcerpc_max_calls;    /* fragmented DCE/RPC calls reassembled per pipe and direction */
	uint32_t dcerpc_max_call_bytes; /* stub bytes of one reassembled call */
	uint32_t exec_max_hosts;      /* hosts whose written files are remembered */
	int dcerpc_tcp;               /* follow DCE/RPC directly over TCP (135, learned, BIND) */
	uint32_t rpc_max_endpoints;   /* endpoints learned from the endpoint mapper */
	uint32_t summary_max_entries; /* distinct accounts / shares kept for the summary */
	int detect;                   /* run the detectors (notice.log) */
	struct config_list admin_shares; /* shares whose writes start an exec chain */
	uint32_t exec_chain_window;   /* seconds between a staged write and the execution */
	uint32_t detect_max_hosts;    /* destination hosts with exec-chain state */
	uint32_t fanout_window;       /* seconds: distinct hosts reached per account/source */
	uint32_t fanout_hosts;        /* more (weighted) hosts than this in the window alert */
	uint32_t fanout_admin_weight; /* a host reached on an admin share counts this much */
	uint32_t fanout_max_keys;     /* accounts + sources tracked (least recently active evicted) */
	uint32_t fanout_max_edges;    /* destinations remembered per account or source */
	uint32_t fanout_key_timeout;  /* seconds idle before an account or source is forgotten */
	struct config_list allow_accounts; /* tracked, never alerted (backup agents ...) */
	struct config_cidrs allow_sources; /* hosts tracked, never alerted (jump hosts ...) */
	uint32_t logon_failure_window; /* seconds */
	uint32_t logon_failures;      /* more failures than this in the window alert */
	uint32_t logon_max_keys;      /* sources + accounts tracked for failures */
	struct config_list sensitive_shares; /* reached without encryption: a finding */
	struct config_cidrs allow_smb_servers; /* the only SMB servers; empty: not checked */
	uint32_t finding_interval;    /* seconds between two findings of one kind per pair */
	uint32_t finding_max_pairs;   /* (kind, client, server) remembered */
	uint32_t weird_first;         /* weird.log rows of one name per connection and window */
	uint32_t weird_sample;        /* then one in this many (0: none) */
	uint32_t weird_window;        /* seconds before a name's count starts again */
	uint32_t weird_max_names;     /* weird names counted per connection */
	uint64_t uid_seed;            /* key of the connection-uid hash */
	int json;                     /* Zeek JSON logs instead of TSV */
	uint32_t smb_files_actions;   /* bit per enum smb_action logged in smb_files.log */
};

void config_defaults(struct config *c);

/* The list has the name (case ignored). */
int config_list_has(const struct config_list *l, const char *name);
/* The address (text, IPv4 or IPv6) is in one of the networks. */
int config_cidrs_has(const struct config_cidrs *l, const char *addr);

/* Load a file over the current values. On error returns -1 and writes one
 * line ("FILE:LINE: what is wrong") into err. */
int config_load(struct config *c, const char *path, char *err, size_t errlen);

#endif
