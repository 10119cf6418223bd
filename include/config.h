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

struct config {
	uint32_t max_connections;     /* connections tracked at once (LRU eviction beyond) */
	uint32_t conn_idle_timeout;   /* seconds of packet time without a packet */
	uint32_t conn_close_delay;    /* seconds kept after FIN/RST, for late packets */
	uint32_t capture_buffer_bytes; /* kernel ring of a live capture */
	uint32_t smb_max_buffered;    /* bytes kept of one NetBIOS message */
	uint32_t smb_max_pending;     /* outstanding SMB2 requests per connection */
	uint32_t smb_max_compound;    /* SMB2 messages followed in one compound */
	uint32_t smb_max_trees;       /* tree connects remembered per connection */
	uint32_t smb_max_opens;       /* open files remembered per connection */
	uint32_t smb_max_sessions;    /* sessions remembered per connection */
	uint32_t smb_max_pipes;       /* named-pipe trees and files remembered per connection */
	uint32_t exec_max_hosts;      /* hosts whose written files are remembered */
	int dcerpc_tcp;               /* follow DCE/RPC directly over TCP (135, learned, BIND) */
	uint32_t rpc_max_endpoints;   /* endpoints learned from the endpoint mapper */
	uint32_t summary_max_entries; /* distinct accounts / shares kept for the summary */
	struct config_list admin_shares; /* shares whose writes start an exec chain */
	uint32_t exec_chain_window;   /* seconds between a staged write and the execution */
	uint32_t detect_max_hosts;    /* destination hosts with exec-chain state */
	uint64_t uid_seed;            /* key of the connection-uid hash */
	int json;                     /* Zeek JSON logs instead of TSV */
	uint32_t smb_files_actions;   /* bit per enum smb_action logged in smb_files.log */
};

void config_defaults(struct config *c);

/* The list has the name (case ignored). */
int config_list_has(const struct config_list *l, const char *name);

/* Load a file over the current values. On error returns -1 and writes one
 * line ("FILE:LINE: what is wrong") into err. */
int config_load(struct config *c, const char *path, char *err, size_t errlen);

#endif
