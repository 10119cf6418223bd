/* The short human report printed at the end of a run (`--summary`, and by
 * `make run`): connections, sessions, accounts, shares. */
#ifndef SMBSENSOR_SUMMARY_H
#define SMBSENSOR_SUMMARY_H

#include <stdio.h>
#include "events.h"

struct conn;
struct sensor;
struct summary;

struct summary *summary_new(void);
void summary_event(struct sensor *s, struct conn *c, const struct event *ev);
void summary_print(FILE *f, const struct sensor *s, const char *logdir);
void summary_free(struct summary *sm);

#endif
