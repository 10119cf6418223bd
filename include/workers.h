/* --workers N: N capture processes share a live interface through one
 * PACKET_FANOUT group (hash mode: both directions of a connection reach
 * the same worker, which reassembles and dissects it and renders its log
 * rows); they send rows, the detectors' observations and their counters
 * to the coordinator, this process, which writes the logs, runs the
 * detectors across every connection and writes stats.log with the sum. */
#ifndef SMBSENSOR_WORKERS_H
#define SMBSENSOR_WORKERS_H

#include <stddef.h>

#include "capture.h"

#define WORKERS_MAX 64

struct sensor;

/* Runs until *o->stop (then stops the workers and takes their last rows)
 * or until a worker fails. o->opened drops privileges in each worker once
 * its capture is open, and here once they are started. Returns a
 * capture_rc: a worker's failure (it printed the reason) or the
 * coordinator's own, with a message in err. s->st ends as the sum of
 * every worker's counters and the coordinator's. */
int workers_run(struct sensor *s, const struct capture_opts *o, unsigned n, char *err, size_t errlen);

/* In a worker: capture with o and report to the coordinator on fd; returns
 * the process's exit status (a capture_rc, negated). */
int worker_main(struct sensor *s, const struct capture_opts *o, int fd);

#endif
