/* The short human report of a run on stderr: alerts by kind, the accounts
 * that reached the most hosts, the hosts with the most exec chains. Written
 * at the end of an offline run and on SIGUSR1 while capturing live. Also
 * the account -> host graph as a Graphviz DOT file (--graph). */
#ifndef SMBSENSOR_REPORT_H
#define SMBSENSOR_REPORT_H

#include <stdio.h>

struct sensor;

void report_print(FILE *f, const struct sensor *s);
/* Write the graph to path; -1 (errno set) when it cannot be written. */
int report_graph(const struct sensor *s, const char *path);

#endif
