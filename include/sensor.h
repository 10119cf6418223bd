/* The running sensor: configuration, counters, open connections, logs.
 * One per process (libnids is process-global). */
#ifndef SMBSENSOR_SENSOR_H
#define SMBSENSOR_SENSOR_H

#include <stdint.h>
#include "config.h"
#include "dcerpc.h"
#include "smb.h"
#include "smb_track.h"
#include "stats.h"

struct conn;
struct ipv6_table;
struct logs;
struct rpc_tcp;
struct detect_host;
struct fanout_state;
struct logon_key;
struct finding_pair;
struct summary;
struct detect_obs;

struct sensor {
	struct config cfg;
	struct smb_limits smb_lim;
	struct smb_track_limits track_lim;
	struct dcerpc_limits rpc_lim;
	struct sensor_stats st;
	struct conn *conns;        /* uthash by 4-tuple */
	struct conn *active;       /* LRU list of open connections */
	struct conn *ended;        /* LRU list of connections that saw FIN/RST */
	uint32_t nconns;
	int64_t next_housekeeping_us;
	struct conn *last_conn;    /* the last one flow_find returned */
	struct logs *logs;
	struct ipv6_table *ipv6;   /* stand-in IPv4 addresses of IPv6 hosts */
	struct summary *summary;
	struct written_host *written; /* files written per host (smb_exec.log file_path) */
	struct rpc_tcp *rpc_tcp;   /* DCE/RPC over TCP: endpoints and ports; NULL when off */
	struct detect_host *detect; /* exec-chain state per destination host */
	struct fanout_state *fanout; /* fan-out graph per account and per source host */
	struct logon_key *logons;  /* failed logons per source and per account */
	struct finding_pair *findings; /* hardening findings already reported */
	/* A worker hands the detectors' observations to the coordinator
	 * process; NULL: they are judged here. */
	void (*obs_out)(struct sensor *s, const struct detect_obs *o);
	void *obs_ctx;
	int64_t now_us;            /* packet time of the packet being processed */
	int64_t first_us, last_us; /* packet time span of the input */
	int picking_up;            /* a synthetic handshake is being fed to libnids */
	int dlt;                   /* link type of the live capture */
	uint16_t ip_bytes;         /* IP length of the packet at hand when the one given to libnids
				      differs (IPv6, snaplen cut), else 0 */
};

/* Copy the configured limits into smb_lim, track_lim and rpc_lim (after
 * the configuration is loaded). */
void sensor_limits_from_config(struct sensor *s);

#endif
