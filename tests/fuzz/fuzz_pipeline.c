/* A whole capture through the sensor: libpcap reads the input as a pcap or
 * pcapng file, then link layer, libnids reassembly (with mid-stream pickup
 * and gap recovery), flows, every dissector, the detectors, every log
 * writer, the report, the summary and the graph, as main.c runs them.
 *
 * libnids is process-global; capture_run starts it (nids_init) and stops it
 * (nids_exit) for each input, as one run of the sensor does, so inputs
 * share no state. The input reaches libpcap through a memfd, opened by its
 * /proc/self/fd path as a file name, so capture.c needs no fuzz-only entry.
 * Logs go to a private temporary directory, rewritten by every input (a log
 * file is truncated when its first row of a run is written).
 *
 * The limits are the configured minimums or small, so that eviction and
 * every "full" counter are reached by short inputs. The low bit of the
 * classic pcap header's thiszone field (ignored by libpcap) selects JSON
 * logs. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "capture.h"
#include "detect.h"
#include "log_stats.h"
#include "logs.h"
#include "report.h"
#include "rpc_tcp.h"
#include "sensor.h"
#include "summary.h"
#include "written_files.h"

static int input_fd = -1;
static char input_path[64];
static char logdir[] = "/tmp/fuzz_pipeline.XXXXXX";
static char graph[sizeof(logdir) + 16];
static FILE *devnull;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void remove_logdir(void)
{
	DIR *d = opendir(logdir);
	struct dirent *e;

	while (d && (e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			unlinkat(dirfd(d), e->d_name, 0);
	if (d)
		closedir(d);
	rmdir(logdir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	input_fd = memfd_create("fuzz_pipeline", 0);
	devnull = fopen("/dev/null", "w");
	if (input_fd < 0 || !devnull || !mkdtemp(logdir))
		abort();
	atexit(remove_logdir);
	snprintf(input_path, sizeof(input_path), "/proc/self/fd/%d", input_fd);
	snprintf(graph, sizeof(graph), "%s/graph.dot", logdir);
	return 0;
}

static void configure(struct sensor *s, int json)
{
	config_defaults(&s->cfg);
	s->cfg.max_connections = 8;
	s->cfg.smb_max_buffered = 1024;
	s->cfg.smb_max_pending = 8;
	s->cfg.smb_max_compound = 4;
	s->cfg.smb_max_trees = 4;
	s->cfg.smb_max_opens = 8;
	s->cfg.smb_max_sessions = 4;
	s->cfg.smb_max_pipes = 4;
	s->cfg.dcerpc_max_calls = 2;
	s->cfg.dcerpc_max_call_bytes = 4096;
	s->cfg.exec_max_hosts = 4;
	s->cfg.rpc_max_endpoints = 4;
	s->cfg.summary_max_entries = 4;
	s->cfg.detect_max_hosts = 4;
	s->cfg.fanout_hosts = 1;
	s->cfg.fanout_max_keys = 4;
	s->cfg.fanout_max_edges = 2;
	s->cfg.logon_failures = 1;
	s->cfg.logon_max_keys = 4;
	s->cfg.finding_max_pairs = 4;
	s->cfg.json = json;
	sensor_limits_from_config(s);
}

static void run(struct sensor *s)
{
	static volatile int never;
	struct capture_opts o = { .file = input_path, .progress = 0, .stop = &never };
	char err[1024];
	int rc;

	s->logs = logs_open(logdir, s->cfg.json);
	s->summary = summary_new();
	if (!s->logs || !s->summary || rpc_tcp_init(s) < 0)
		abort();
	rc = capture_run(s, &o, err, sizeof(err));
	if (rc == CAPTURE_OK || rc == CAPTURE_ERR_READ) {
		log_stats_write(s->logs, &s->st, s->st.pkts ? s->last_us : 0);
		report_print(devnull, s);
		report_graph(s, graph);
		summary_print(devnull, s, logdir);
	}
	logs_close(s->logs);
	summary_free(s->summary);
	written_files_free(s);
	rpc_tcp_free(s);
	detect_free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct sensor s;

	if (ftruncate(input_fd, 0) < 0 || pwrite(input_fd, data, size, 0) != (ssize_t)size)
		abort();
	memset(&s, 0, sizeof(s));
	configure(&s, size >= 24 && (data[8] & 1));
	run(&s);
	return 0;
}
