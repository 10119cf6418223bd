/* A capture worker of --workers (workers.h): the whole sensor but the
 * detectors and the files, which are the coordinator's. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "chan.h"
#include "detect_obs.h"
#include "logs.h"
#include "sensor.h"
#include "workers.h"

struct worker {
	struct chan_out out;
	volatile int *stop;
	int failed;           /* errno of the first failed send: the coordinator is gone */
	const struct capture_opts *o;
	pid_t coordinator;
	int64_t stats_sent_us; /* packet time of the last counters sent */
};

static void send_frame(struct worker *w, enum chan_type t, unsigned id, const void *p, size_t n)
{
	if (w->failed || chan_send(&w->out, t, id, p, n) == 0)
		return;
	w->failed = errno;
	*w->stop = 1;
}

static int send_row(void *ctx, unsigned id, const char *row, size_t n)
{
	struct worker *w = ctx;

	send_frame(w, CHAN_ROW, id, row, n);
	return w->failed ? -1 : 0;
}

static void send_obs(struct sensor *s, const struct detect_obs *o)
{
	send_frame(s->obs_ctx, CHAN_OBS, 0, o, sizeof(*o));
}

static void send_stats(struct sensor *s, struct worker *w)
{
	send_frame(w, CHAN_STATS, 0, &s->st, sizeof(s->st));
	w->stats_sent_us = s->now_us;
}

/* After every batch: the rows at once, the counters once a second (the
 * coordinator writes stats.log at most that often). */
static void tick(struct sensor *s, void *ctx)
{
	struct worker *w = ctx;

	if (s->now_us - w->stats_sent_us >= 1000000)
		send_stats(s, w);
	if (!w->failed && chan_flush(&w->out) < 0) {
		w->failed = errno;
		*w->stop = 1;
	}
}

/* The coordinator's privileges dropped, then: a worker outlives it only
 * until SIGTERM (a credential change clears the parent-death signal, so it
 * is set after). */
static int opened(void *ctx, char *err, size_t errlen)
{
	struct worker *w = ctx;

	if (w->o->opened && w->o->opened(w->o->opened_ctx, err, errlen) < 0)
		return -1;
	if (prctl(PR_SET_PDEATHSIG, SIGTERM) < 0 || getppid() != w->coordinator) {
		snprintf(err, errlen, "the coordinator is gone");
		return -1;
	}
	return 0;
}

int worker_main(struct sensor *s, const struct capture_opts *o, int fd)
{
	struct worker w = { { fd, NULL, 0 }, o->stop, 0, o, getppid(), 0 };
	struct capture_opts wo = *o;
	char err[1024];
	int rc;

	/* Reopening files and the report are the coordinator's. */
	signal(SIGHUP, SIG_IGN);
	signal(SIGUSR1, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	logs_forward(s->logs, send_row, &w);
	s->obs_out = send_obs;
	s->obs_ctx = &w;
	wo.tick = tick;
	wo.tick_ctx = &w;
	wo.opened = opened;
	wo.opened_ctx = &w;
	rc = capture_run(s, &wo, err, sizeof(err));
	if (rc != CAPTURE_OK)
		fprintf(stderr, "smbsensor: worker %d: %s\n", (int)getpid(), err);
	send_stats(s, &w);
	tick(s, &w);
	if (w.failed && rc == CAPTURE_OK) {
		fprintf(stderr, "smbsensor: worker %d: lost the coordinator: %s\n", (int)getpid(), strerror(w.failed));
		rc = CAPTURE_ERR_INTERNAL;
	}
	free(w.out.buf);
	return -rc;
}
