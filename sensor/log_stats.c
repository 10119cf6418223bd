/* The counters are listed once, by name and offset, so that a new counter
 * is one line here and appears in stats.log and the summary. */
#include <stddef.h>
#include <string.h>

#include "log_stats.h"
#include "logs.h"
#include "stats.h"

struct counter {
	const char *name;
	size_t off;
};

#define C(f) { #f, offsetof(struct sensor_stats, f) }
#define CN(name, f) { name, offsetof(struct sensor_stats, f) }
static const struct counter counters[] = {
	C(pkts), C(bytes), C(pkts_l2_unknown), C(pkts_short), C(pkts_ipv6), C(pkts_ipv6_frag), C(pkts_ipv6_unmapped), C(pkts_tso_fixed), C(pkts_snaplen_cut), C(pkts_ack_only),
	C(conns), C(conns_midstream), C(conns_ended), C(conns_closed), C(conns_idle), C(conns_evicted), C(conns_reused),
	C(conns_open_at_exit), C(conns_alloc_failed), C(gaps), C(gap_bytes), C(gap_fill_refused), C(weirds), C(weirds_suppressed),
	C(weird_names_refused), C(summary_full),
	C(nids_ip_warnings), C(nids_tcp_toomuch), C(nids_tcp_bigqueue), C(nids_tcp_hdr),
	C(nids_tcp_badflags), C(nids_other_warnings),
	C(pcap_recv), C(pcap_drop), C(pcap_ifdrop), C(pkts_before_fanout),
	CN("nb_messages", nb.messages), CN("nb_control", nb.control), CN("nb_truncated", nb.truncated),
	CN("nb_bytes_unbuffered", nb.bytes_unbuffered), CN("nb_resyncs", nb.resyncs), CN("nb_gap_bytes", nb.gap_bytes), CN("nb_damaged", nb.damaged), CN("nb_bytes_skipped", nb.bytes_skipped),
	CN("smb2_msgs", smb.smb2_msgs), CN("smb1_msgs", smb.smb1_msgs),
	CN("smb_transform_msgs", smb.transform_msgs), CN("smb_compressed_msgs", smb.compressed_msgs),
	CN("smb_not_smb", smb.not_smb), CN("smb2_bad_headers", smb.bad_headers),
	CN("smb2_bad_bodies", smb.bad_bodies), CN("smb2_compound_cut", smb.compound_cut),
	CN("smb2_pending_evicted", smb.pending_evicted), CN("smb2_unmatched_responses", smb.unmatched_responses),
	CN("smb2_interim_responses", smb.interim_responses),
	CN("smb2_negotiate", smb.smb2_commands[0]), CN("smb2_session_setup", smb.smb2_commands[1]),
	CN("smb2_logoff", smb.smb2_commands[2]), CN("smb2_tree_connect", smb.smb2_commands[3]),
	CN("smb2_tree_disconnect", smb.smb2_commands[4]), CN("smb2_create", smb.smb2_commands[5]),
	CN("smb2_close", smb.smb2_commands[6]), CN("smb2_flush", smb.smb2_commands[7]),
	CN("smb2_read", smb.smb2_commands[8]), CN("smb2_write", smb.smb2_commands[9]),
	CN("smb2_lock", smb.smb2_commands[10]), CN("smb2_ioctl", smb.smb2_commands[11]),
	CN("smb2_cancel", smb.smb2_commands[12]), CN("smb2_echo", smb.smb2_commands[13]),
	CN("smb2_query_directory", smb.smb2_commands[14]), CN("smb2_change_notify", smb.smb2_commands[15]),
	CN("smb2_query_info", smb.smb2_commands[16]), CN("smb2_set_info", smb.smb2_commands[17]),
	CN("smb2_oplock_break", smb.smb2_commands[18]), CN("smb2_pipe_transceives", smb.pipe_transceives),
	CN("smb_pipes_refused", smb.pipes_refused), CN("smb_pipe_bytes", smb.pipe_bytes),
	CN("dcerpc_pipes_refused", dcerpc_pipes_refused), C(rpc_tcp_conns), C(rpc_endpoints_learned),
	C(rpc_endpoints_evicted), C(rpc_endpoints_alloc_failed), C(rpc_exec_calls), C(written_hosts_refused),
	C(rpc_exec_malformed), C(rpc_exec_truncated), C(rpc_exec_undecoded), C(notices), C(detect_hosts_evicted),
	C(detect_hosts_expired), C(detect_alloc_failed), C(fanout_keys_evicted), C(fanout_keys_expired),
	C(fanout_edges_refused), C(logon_keys_evicted), C(finding_pairs_evicted), C(finding_pairs_expired),
	CN("dcerpc_pdus", dcerpc.pdus),
	CN("dcerpc_bad_headers", dcerpc.bad_headers), CN("dcerpc_bytes_skipped", dcerpc.bytes_skipped),
	CN("dcerpc_malformed", dcerpc.malformed), CN("dcerpc_big_endian", dcerpc.big_endian),
	CN("dcerpc_too_large", dcerpc.too_large), CN("dcerpc_reassembled", dcerpc.reassembled),
	CN("dcerpc_too_many_calls", dcerpc.too_many_calls), CN("dcerpc_too_much_data", dcerpc.too_much_data),
	CN("dcerpc_multiple_first", dcerpc.multiple_first), CN("dcerpc_orphan_fragments", dcerpc.orphan_fragments),
	CN("dcerpc_sealed", dcerpc.sealed), CN("dcerpc_contexts_evicted", dcerpc.contexts_evicted),
	CN("smb1_bad_headers", smb.smb1_bad_headers), CN("smb1_bad_bodies", smb.smb1_bad_bodies),
	CN("smb1_andx_too_deep", smb.smb1_andx_too_deep), CN("smb1_andx_not_advancing", smb.smb1_andx_not_advancing),
	CN("smb1_pending_evicted", smb.smb1_pending_evicted), CN("smb1_unmatched_responses", smb.smb1_unmatched_responses),
	CN("smb1_trans_msgs", smb.smb1_trans_msgs), CN("smb1_trans_unreassembled", smb.smb1_trans_unreassembled),
	CN("smb_trees_refused", track.trees_refused), CN("smb_opens_refused", track.opens_refused),
	CN("smb_opens_unknown", track.opens_unknown), CN("smb_sessions_refused", track.sessions_refused),
};
#define NCOUNTERS (sizeof(counters) / sizeof(counters[0]))

static struct zfield fields[1 + NCOUNTERS];

const struct zfield *log_stats_fields(void)
{
	unsigned i;

	fields[0].name = "ts";
	fields[0].type = ZT_TIME;
	for (i = 0; i < NCOUNTERS; i++) {
		fields[1 + i].name = counters[i].name;
		fields[1 + i].type = ZT_COUNT;
	}
	return fields;
}

unsigned log_stats_nfields(void)
{
	return 1 + NCOUNTERS;
}

const char *log_stats_counter(const struct sensor_stats *st, unsigned n, uint64_t *value)
{
	if (n >= NCOUNTERS)
		return NULL;
	memcpy(value, (const char *)st + counters[n].off, sizeof(*value));
	return counters[n].name;
}

void log_stats_write(struct logs *l, const struct sensor_stats *st, int64_t ts_us)
{
	uint64_t v;
	unsigned i;

	zlog_begin(l->stats);
	if (ts_us > 0)
		zlog_time(l->stats, ts_us);
	else
		zlog_unset(l->stats); /* offline without a packet: no packet time */
	for (i = 0; log_stats_counter(st, i, &v); i++)
		zlog_count(l->stats, v);
	logs_check(l, zlog_end(l->stats));
}
