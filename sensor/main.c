/* smbsensor: command line, set-up and exit status. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "capture.h"
#include "config.h"
#include "log_stats.h"
#include "logs.h"
#include "sensor.h"
#include "summary.h"
#include "detect.h"
#include "privs.h"
#include "report.h"
#include "rpc_tcp.h"
#include "workers.h"
#include "written_files.h"

#define SMBSENSOR_VERSION "0.1.0"

enum exit_code {
	EXIT_OK = 0,
	EXIT_USAGE = 1,
	EXIT_INPUT = 2,
	EXIT_INPUT_TRUNCATED = 3,
	EXIT_CONFIG = 4,
	EXIT_FILTER = 5,
	EXIT_OUTPUT = 6,
	EXIT_INTERNAL = 7,
};

struct options {
	struct capture_opts cap;
	const char *logdir;
	const char *config;
	int json;
	int summary;
	int no_report;
	const char *graph;
	struct privs privs;
	int allow_root;
	int chroot;
	unsigned workers;
};

static volatile int stop_requested, report_requested, reopen_requested;

static void usage(FILE *f)
{
	fputs(
"Usage: smbsensor -r FILE [options]\n"
"       smbsensor -i IFACE [options]\n"
"\n"
"Passive SMB sensor: reassembles SMB2/3 over TCP 445 and 139 and writes\n"
"Zeek-format logs of who authenticated, with which account, to which share,\n"
"and which DCE/RPC calls (services, scheduled tasks, registry) went over\n"
"named pipes or directly over TCP: port 135, the ports the endpoint mapper\n"
"hands out, and any connection that opens with a DCE/RPC BIND.\n"
"\n"
"Input (exactly one):\n"
"  -r FILE          read a pcap or pcapng file ('-' for standard input)\n"
"  -i IFACE         capture live on IFACE (promiscuous, snaplen 262144)\n"
"\n"
"Options:\n"
"  -f BPF           narrow the capture filter: it is ANDed with the default,\n"
"                   'tcp' ('tcp port 445 or tcp port 139' with dcerpc_tcp = no\n"
"                   in the config), IPv4 and IPv6 (IPv6 with extension\n"
"                   headers included), which on Ethernet also matches frames\n"
"                   with one or two 802.1Q/802.1ad tags\n"
"  -w DIR           directory for the logs (created if missing; default .)\n"
"  -c FILE          configuration file (see sensor.conf.example)\n"
"  -u USER          once the capture is open, drop root and run as USER (name\n"
"                   or uid) with its groups, as tcpdump -Z does; the log\n"
"                   directory must be writable by USER\n"
"      --chroot     with -u, also chroot into the log directory (--graph and\n"
"                   log files are then written inside it)\n"
"      --allow-root capture live as root without -u (refused otherwise)\n"
"      --workers N  with -i, capture in N processes (1 to 64) that share the\n"
"                   interface through a PACKET_FANOUT group, hashed so that\n"
"                   both directions of a connection reach the same one; each\n"
"                   reassembles and dissects its connections and sends its\n"
"                   rows and the detectors' observations to this process,\n"
"                   which writes every log and runs the detectors over all\n"
"                   connections. Not kept across workers: the files written\n"
"                   that smb_exec.log's file_path names, and the DCE/RPC\n"
"                   endpoints learned from the endpoint mapper (a connection\n"
"                   to one is still followed from its BIND)\n"
"      --json       write Zeek JSON logs instead of Zeek TSV\n"
"      --summary    print a short report on stdout at the end\n"
"      --progress   always show progress of an offline run on stderr\n"
"                   (shown by default when stderr is a terminal)\n"
"      --no-progress  never show it\n"
"      --no-report  no report on stderr at the end of an offline run (by\n"
"                   default one: notices by kind, the accounts that reached\n"
"                   the most hosts, the hosts with the most exec chains);\n"
"                   live, SIGUSR1 writes the same report\n"
"      --graph FILE.dot  at the end, write the account -> host graph as\n"
"                   Graphviz DOT (edges labelled with shares and counts,\n"
"                   edges of a fan-out alert in red): dot -Tsvg FILE.dot\n"
"  -h, --help       this help\n"
"      --version    print the version\n"
"\n"
"Logs (in DIR): conn.log, smb_mapping.log, smb_files.log, dce_rpc.log,\n"
"ntlm.log (Zeek's fields), smb_session.log (one row per SMB session: account,\n"
"auth, signing, encryption, what it wrote), smb_exec.log (one row per\n"
"service or scheduled-task call: service name, binary path, task command,\n"
"status), notice.log (Zeek's notice fields: SMBSensor::Remote_Exec for every\n"
"remote service creation, reconfiguration or start and task or job\n"
"registration; SMBSensor::Exec_Chain when one host saw a file written to an\n"
"admin share and such a call within exec_chain_window, in either order),\n"
"weird.log (protocol anomalies, Zeek's weird fields and names, rate-limited\n"
"per connection) and stats.log (the sensor's counters). A log with no rows\n"
"is not created, as with Zeek.\n"
"\n"
"Exit status:\n"
"  0  success\n"
"  1  usage error (unknown option, missing or conflicting arguments)\n"
"  2  input cannot be opened: missing or unreadable file, not a pcap/pcapng,\n"
"     unsupported link type, unknown or unusable interface\n"
"  3  the input ended early (truncated or corrupt capture, or an offline run\n"
"     interrupted by SIGINT/SIGTERM); the logs hold everything read before\n"
"     that point. A live capture stopped by a signal exits 0.\n"
"  4  configuration error (the message names the file and line)\n"
"  5  the BPF filter does not compile\n"
"  6  the log directory cannot be created or written\n"
"  7  internal error (libnids could not start, out of memory), or the -u\n"
"     user could not be become or cannot write the log directory\n"
"\n"
"Signals: SIGINT and SIGTERM write every log and exit (0 live); SIGHUP\n"
"closes the log files, which the next row creates again (for logrotate);\n"
"SIGUSR1 writes the report on stderr. Rows reach the files whole, at least\n"
"every second (of packet time offline), so a crash loses at most the last\n"
"second. Live, stats.log gets a row every stats_interval seconds (config).\n", f);
}

static void on_signal(int sig)
{
	if (sig == SIGUSR1)
		report_requested = 1;
	else if (sig == SIGHUP)
		reopen_requested = 1;
	else
		stop_requested = 1;
}

/* No SA_RESTART for the signals that stop: a read blocked on a pipe or a
 * quiet interface must return so that the loop sees the request. SIGHUP
 * and SIGUSR1 restart it: they are served between packets and must not end
 * an offline read. */
static void catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

/* A live sensor parses what attackers send: not as root, unless asked. */
static int check_privs(struct options *o)
{
	char err[128];

	if (o->chroot && !o->privs.user) {
		fprintf(stderr, "smbsensor: --chroot needs -u USER (see --help)\n");
		return -1;
	}
	if (privs_lookup(&o->privs, err, sizeof(err)) < 0) {
		fprintf(stderr, "smbsensor: -u: %s\n", err);
		return -1;
	}
	if (o->cap.iface && geteuid() == 0 && !o->privs.user && !o->allow_root) {
		fprintf(stderr, "smbsensor: refusing to capture live as root: give -u USER to drop to that user once\n"
				"the interface is open, or --allow-root to keep root (see --help)\n");
		return -1;
	}
	return 0;
}

/* Once the capture is open: become the -u user (in the log directory, with
 * --chroot), who must be able to write the logs. */
static int drop_privs(void *ctx, char *err, size_t errlen)
{
	struct options *o = ctx;

	if (privs_drop(&o->privs, err, errlen) < 0)
		return -1;
	if (o->privs.user && access(o->chroot ? "." : o->logdir, W_OK | X_OK) < 0) {
		snprintf(err, errlen, "log directory %s: %s for user %s", o->logdir, strerror(errno), o->privs.user);
		return -1;
	}
	return 0;
}

static int parse_workers(const char *arg, unsigned *out)
{
	char *end;
	unsigned long n;

	errno = 0;
	n = strtoul(arg, &end, 10);
	if (errno || end == arg || *end || n < 1 || n > WORKERS_MAX) {
		fprintf(stderr, "smbsensor: --workers '%s': give a number of processes from 1 to %d\n", arg,
			WORKERS_MAX);
		return -1;
	}
	*out = (unsigned)n;
	return 0;
}

static int parse_args(int argc, char **argv, struct options *o)
{
	enum { OPT_JSON = 256, OPT_SUMMARY, OPT_PROGRESS, OPT_NO_PROGRESS, OPT_VERSION, OPT_NO_REPORT, OPT_GRAPH,
	       OPT_ALLOW_ROOT, OPT_CHROOT, OPT_WORKERS };
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "summary", no_argument, NULL, OPT_SUMMARY },
		{ "progress", no_argument, NULL, OPT_PROGRESS },
		{ "no-progress", no_argument, NULL, OPT_NO_PROGRESS },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ "no-report", no_argument, NULL, OPT_NO_REPORT },
		{ "graph", required_argument, NULL, OPT_GRAPH },
		{ "allow-root", no_argument, NULL, OPT_ALLOW_ROOT },
		{ "chroot", no_argument, NULL, OPT_CHROOT },
		{ "workers", required_argument, NULL, OPT_WORKERS },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	while ((ch = getopt_long(argc, argv, "r:i:f:w:c:u:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'r': o->cap.file = optarg; break;
		case 'i': o->cap.iface = optarg; break;
		case 'f': o->cap.filter = optarg; break;
		case 'w': o->logdir = optarg; break;
		case 'c': o->config = optarg; break;
		case 'u': o->privs.user = optarg; break;
		case OPT_JSON: o->json = 1; break;
		case OPT_SUMMARY: o->summary = 1; break;
		case OPT_PROGRESS: o->cap.progress = 1; break;
		case OPT_NO_PROGRESS: o->cap.progress = 0; break;
		case OPT_NO_REPORT: o->no_report = 1; break;
		case OPT_GRAPH: o->graph = optarg; break;
		case OPT_ALLOW_ROOT: o->allow_root = 1; break;
		case OPT_CHROOT: o->chroot = 1; break;
		case OPT_WORKERS:
			if (parse_workers(optarg, &o->workers) < 0)
				return -1;
			break;
		case 'h': usage(stdout); exit(EXIT_OK);
		case OPT_VERSION: printf("smbsensor %s\n", SMBSENSOR_VERSION); exit(EXIT_OK);
		default: return -1; /* getopt printed the reason */
		}
	}
	if (optind < argc) {
		fprintf(stderr, "smbsensor: unexpected argument '%s'\n", argv[optind]);
		return -1;
	}
	if (!o->cap.file == !o->cap.iface) {
		fprintf(stderr, "smbsensor: give exactly one of -r FILE or -i IFACE (see --help)\n");
		return -1;
	}
	if (o->workers && (o->cap.file || o->summary)) {
		fprintf(stderr, "smbsensor: --workers shares a live interface (-i): a file is read by one process, "
				"and --summary's accounts and shares stay in the workers (see --help)\n");
		return -1;
	}
	return check_privs(o);
}

/* mkdir -p; *created says whether the last component was made here. */
static int make_dir(const char *dir, int *created)
{
	char path[4096];
	size_t i, n = strlen(dir);
	int rc;

	if (n == 0 || n >= sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(path, dir, n + 1);
	for (i = 1; i <= n; i++) {
		if (path[i] != '/' && path[i] != '\0')
			continue;
		path[i] = '\0';
		rc = mkdir(path, 0755);
		if (rc < 0 && errno != EEXIST)
			return -1;
		*created = rc == 0;
		path[i] = dir[i];
	}
	return 0;
}

/* Without -u the logs are written by the current user. With -u they are
 * checked as that user after the drop, and a directory made here is given
 * to it, as tcpdump -Z gives its output file. */
static int prepare_logdir(const struct options *o)
{
	int created = 0;

	if (make_dir(o->logdir, &created) < 0)
		return -1;
	if (!o->privs.user)
		return access(o->logdir, W_OK | X_OK);
	return created ? chown(o->logdir, o->privs.uid, o->privs.gid) : 0;
}

static int exit_for(int rc)
{
	switch (rc) {
	case CAPTURE_OK: return EXIT_OK;
	case CAPTURE_ERR_OPEN: return EXIT_INPUT;
	case CAPTURE_ERR_FILTER: return EXIT_FILTER;
	case CAPTURE_ERR_READ: return EXIT_INPUT_TRUNCATED;
	case CAPTURE_ERR_PRIVS: return EXIT_INTERNAL;
	default: return EXIT_INTERNAL;
	}
}

static int setup(struct sensor *s, struct options *o)
{
	char err[512];

	config_defaults(&s->cfg);
	if (o->config && config_load(&s->cfg, o->config, err, sizeof(err)) < 0) {
		fprintf(stderr, "smbsensor: config: %s\n", err);
		return EXIT_CONFIG;
	}
	if (o->json)
		s->cfg.json = 1;
	o->cap.buffer_bytes = s->cfg.capture_buffer_bytes;
	sensor_limits_from_config(s);
	if (prepare_logdir(o) < 0) {
		fprintf(stderr, "smbsensor: log directory %s: %s\n", o->logdir, strerror(errno));
		return EXIT_OUTPUT;
	}
	/* Logs are created at their first row, after the drop: inside the
	 * chroot, the log directory is the current one. */
	if (o->chroot)
		o->privs.chroot_dir = o->logdir;
	s->logs = logs_open(o->chroot ? "." : o->logdir, s->cfg.json);
	o->cap.opened = drop_privs;
	o->cap.opened_ctx = o;
	s->summary = summary_new();
	if (!s->logs || !s->summary || rpc_tcp_init(s) < 0) {
		fprintf(stderr, "smbsensor: out of memory\n");
		return EXIT_INTERNAL;
	}
	return EXIT_OK;
}

static int finish(struct sensor *s, const struct options *o, int code)
{
	log_stats_write(s->logs, &s->st, o->cap.iface ? s->now_us : s->st.pkts ? s->last_us : 0);
	if (o->cap.file && !o->no_report)
		report_print(stderr, s);
	if (o->graph && report_graph(s, o->graph) < 0) {
		fprintf(stderr, "smbsensor: writing the graph to %s: %s\n", o->graph, strerror(errno));
		code = EXIT_OUTPUT;
	}
	if (o->summary)
		summary_print(stdout, s, o->logdir);
	if (logs_close(s->logs) < 0) {
		fprintf(stderr, "smbsensor: writing logs in %s: %s\n", o->logdir, strerror(errno));
		code = EXIT_OUTPUT;
	}
	s->logs = NULL;
	return code;
}

int main(int argc, char **argv)
{
	static struct sensor s;
	struct options o = { .cap = { .progress = -1, .stop = &stop_requested, .report = &report_requested,
				      .reopen = &reopen_requested },
			     .logdir = "." };
	char err[1024];
	int code, rc;

	if (parse_args(argc, argv, &o) < 0)
		return EXIT_USAGE;
	catch_signals();
	code = setup(&s, &o);
	if (code == EXIT_OK) {
		err[0] = '\0';
		if (o.workers)
			rc = workers_run(&s, &o.cap, o.workers, err, sizeof(err));
		else
			rc = capture_run(&s, &o.cap, err, sizeof(err));
		code = exit_for(rc);
		if (rc != CAPTURE_OK)
			fprintf(stderr, "smbsensor: %s\n", err);
		if (rc == CAPTURE_OK || rc == CAPTURE_ERR_READ)
			code = finish(&s, &o, code);
	}
	logs_close(s.logs);
	summary_free(s.summary);
	written_files_free(&s);
	rpc_tcp_free(&s);
	detect_free(&s);
	return code;
}
