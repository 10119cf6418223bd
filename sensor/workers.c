/* The coordinator of --workers (workers.h). */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "chan.h"
#include "detect_obs.h"
#include "log_stats.h"
#include "logs.h"
#include "sensor.h"
#include "workers.h"

#define TICK_MS 1000
#define STATS_WORDS (sizeof(struct sensor_stats) / sizeof(uint64_t))

_Static_assert(sizeof(struct sensor_stats) % sizeof(uint64_t) == 0, "stats are uint64_t counters");

struct member {
	pid_t pid;
	struct chan_in in;
	int open;                 /* its pipe has not ended */
	struct sensor_stats st;   /* its latest totals */
};

struct coord {
	struct sensor *s;
	struct member m[WORKERS_MAX];
	unsigned n;
	int rc;                   /* the first failure, CAPTURE_OK while none */
	int stopping;             /* the workers were told to stop */
	struct member *from;      /* whose frames are being read */
	uint64_t bad_frames;
};

static void on_obs(struct sensor *s, const void *p)
{
	struct detect_obs o;

	memcpy(&o, p, sizeof(o)); /* the frame is not aligned */
	if (o.now_us > s->now_us)
		s->now_us = o.now_us;
	detect_consume(s, &o);
}

static void on_frame(void *ctx, enum chan_type t, unsigned id, const void *p, size_t n)
{
	struct coord *k = ctx;
	struct zlog *z;

	if (t == CHAN_ROW && (z = logs_by_id(k->s->logs, id)))
		logs_check(k->s->logs, zlog_put_row(z, p, n));
	else if (t == CHAN_OBS && n == sizeof(struct detect_obs))
		on_obs(k->s, p);
	else if (t == CHAN_STATS && n == sizeof(struct sensor_stats))
		memcpy(&k->from->st, p, n);
	else
		k->bad_frames++;
}

/* Every worker's counters added to the coordinator's own (its detectors'). */
static void total(const struct coord *k, struct sensor_stats *out)
{
	uint64_t w[STATS_WORDS], add[STATS_WORDS];
	unsigned i;
	size_t j;

	memcpy(w, &k->s->st, sizeof(w));
	for (i = 0; i < k->n; i++) {
		memcpy(add, &k->m[i].st, sizeof(add));
		for (j = 0; j < STATS_WORDS; j++)
			w[j] += add[j];
	}
	memcpy(out, w, sizeof(w));
}

static void fail(struct coord *k, int rc)
{
	if (k->rc == CAPTURE_OK)
		k->rc = rc;
}

static void stop_all(struct coord *k)
{
	unsigned i;

	if (k->stopping)
		return;
	k->stopping = 1;
	for (i = 0; i < k->n; i++)
		if (k->m[i].open)
			kill(k->m[i].pid, SIGTERM);
}

/* Its pipe ended: it has sent everything; how did it end? */
static void reap(struct coord *k, struct member *m)
{
	int status;

	m->open = 0;
	close(m->in.fd);
	while (waitpid(m->pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return;
	if (WIFSIGNALED(status))
		fprintf(stderr, "smbsensor: worker %d killed by signal %d\n", (int)m->pid, WTERMSIG(status));
	fail(k, WIFEXITED(status) ? -WEXITSTATUS(status) : CAPTURE_ERR_INTERNAL);
	stop_all(k);
}

static int start(struct coord *k, const struct capture_opts *o, char *err, size_t errlen)
{
	struct capture_opts wo = *o;
	unsigned i, j;
	int fds[2];

	wo.fanout_group = (unsigned)getpid() & 0xffff;
	fflush(NULL);
	for (i = 0; i < k->n; i++) {
		if (pipe(fds) < 0 || (k->m[i].pid = fork()) < 0) {
			snprintf(err, errlen, "cannot start worker %u: %s", i + 1, strerror(errno));
			return -1;
		}
		if (k->m[i].pid == 0) {
			close(fds[0]);
			for (j = 0; j < i; j++)
				close(k->m[j].in.fd);
			_exit(worker_main(k->s, &wo, fds[1]));
		}
		close(fds[1]);
		k->m[i].in.fd = fds[0];
		k->m[i].open = 1;
	}
	return 0;
}

static void read_ready(struct coord *k, struct pollfd *pfd, struct member **who, unsigned np)
{
	unsigned i;
	int r;

	for (i = 0; i < np; i++) {
		if (!pfd[i].revents)
			continue;
		k->from = who[i];
		r = chan_read(&who[i]->in, on_frame, k);
		if (r < 0)
			fprintf(stderr, "smbsensor: reading worker %d: %s\n", (int)who[i]->pid, strerror(errno));
		if (r <= 0)
			reap(k, who[i]);
	}
}

/* The live loop's chores (capture.h), stats.log with every worker's counters. */
static void chores(struct coord *k, const struct capture_opts *o, int64_t *next_stats)
{
	struct sensor *s = k->s;
	struct sensor_stats sum;

	capture_wall_clock(s);
	if (capture_stats_due(s, next_stats)) {
		total(k, &sum);
		log_stats_write(s->logs, &sum, s->now_us);
	}
	logs_flush(s->logs);
	capture_requests(s, o);
}

static void loop(struct coord *k, const struct capture_opts *o)
{
	struct pollfd pfd[WORKERS_MAX];
	struct member *who[WORKERS_MAX];
	int64_t next_stats = 0;
	unsigned i, np;

	for (;;) {
		if (*o->stop)
			stop_all(k);
		for (i = np = 0; i < k->n; i++) {
			if (!k->m[i].open)
				continue;
			pfd[np] = (struct pollfd){ k->m[i].in.fd, POLLIN, 0 };
			who[np++] = &k->m[i];
		}
		if (!np)
			return;
		if (poll(pfd, np, TICK_MS) < 0 && errno != EINTR)
			fail(k, CAPTURE_ERR_INTERNAL);
		else
			read_ready(k, pfd, who, np);
		chores(k, o, &next_stats);
	}
}

int workers_run(struct sensor *s, const struct capture_opts *o, unsigned n, char *err, size_t errlen)
{
	struct coord *k = calloc(1, sizeof(*k));
	unsigned i;
	int rc;

	if (!k) {
		snprintf(err, errlen, "out of memory");
		return CAPTURE_ERR_INTERNAL;
	}
	k->s = s;
	k->n = n;
	if (start(k, o, err, errlen) < 0)
		fail(k, CAPTURE_ERR_INTERNAL);
	else if (o->opened && o->opened(o->opened_ctx, err, errlen) < 0)
		fail(k, CAPTURE_ERR_PRIVS);
	if (k->rc != CAPTURE_OK)
		stop_all(k);
	loop(k, o);
	total(k, &s->st);
	if (k->bad_frames)
		fprintf(stderr, "smbsensor: %llu malformed frames from the workers\n", (unsigned long long)k->bad_frames);
	rc = k->rc;
	for (i = 0; i < n; i++)
		free(k->m[i].in.buf);
	free(k);
	if (rc != CAPTURE_OK && !*err)
		snprintf(err, errlen, "a capture worker failed");
	return rc;
}
