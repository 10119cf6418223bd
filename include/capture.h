/* The packet source: a pcap/pcapng file or a live interface, through
 * libpcap, with the sensor's BPF filter; every packet goes to layer-2
 * decoding and then to reassembly. */
#ifndef SMBSENSOR_CAPTURE_H
#define SMBSENSOR_CAPTURE_H

#include <stddef.h>
#include <stdint.h>

struct sensor;

enum capture_rc {
	CAPTURE_OK = 0,
	CAPTURE_ERR_OPEN = -1,     /* file or interface cannot be opened / is not a capture */
	CAPTURE_ERR_FILTER = -2,   /* the BPF expression does not compile */
	CAPTURE_ERR_READ = -3,     /* the input ended early: truncated, corrupt, or interrupted */
	CAPTURE_ERR_INTERNAL = -4, /* libnids could not start */
	CAPTURE_ERR_PRIVS = -5,    /* privileges could not be dropped */
};

struct capture_opts {
	const char *file;          /* offline input, or NULL */
	const char *iface;         /* live interface, or NULL */
	const char *filter;        /* user BPF that narrows the default one, or NULL */
	int progress;              /* 1 always, 0 never, -1 when stderr is a terminal */
	unsigned buffer_bytes;     /* kernel capture buffer of a live capture */
	volatile int *stop;        /* set asynchronously (SIGINT, SIGTERM) to end the run */
	volatile int *report;      /* set asynchronously (SIGUSR1): write the report */
	volatile int *reopen;      /* set asynchronously (SIGHUP): reopen the logs */
	/* Called once the packet source is open, before the first packet
	 * (dropping privileges); -1 with a message in err stops the run. */
	int (*opened)(void *ctx, char *err, size_t errlen);
	void *opened_ctx;
	/* A worker (--workers): join this PACKET_FANOUT group of the live
	 * interface in hash mode (both directions of a connection reach the
	 * same member); 0: capture alone. */
	unsigned fanout_group;
	/* Live: called after every batch of packets and every idle second
	 * instead of writing stats.log rows (a worker reports to its
	 * coordinator). */
	void (*tick)(struct sensor *s, void *ctx);
	void *tick_ctx;
};

/* Runs the whole capture. On error returns a negative capture_rc and a
 * one-line message in err. */
int capture_run(struct sensor *s, const struct capture_opts *o, char *err, size_t errlen);

/* The live loop's chores, shared with the coordinator of --workers:
 * packet time follows the wall clock when it is behind (a quiet link);
 * whether a stats.log row is due (every stats_interval on a fixed grid;
 * *next starts at 0); SIGUSR1's report and SIGHUP's reopen when asked. */
void capture_wall_clock(struct sensor *s);
int capture_stats_due(const struct sensor *s, int64_t *next);
void capture_requests(struct sensor *s, const struct capture_opts *o);

/* The capture filter: TCP 445/139 (all TCP with all_tcp, for DCE/RPC on
 * any port), ANDed with the user's expression when given, and on Ethernet
 * also under one or two VLAN tags. Returns -1 when it does not fit in n
 * bytes. */
int capture_filter(char *out, size_t n, int vlan_capable, int all_tcp, const char *user);

#endif
