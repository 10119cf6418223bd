/* DCE/RPC directly over TCP: which connections besides SMB's the sensor
 * follows. Port 135 (the endpoint mapper), the endpoints the mapper handed
 * out (learned from ept_map responses, bounded by rpc_max_endpoints, oldest
 * forgotten first), and any connection whose client opens with a BIND.
 * Everything else is judged from its ports and first payload bytes only,
 * and never reaches libnids. */
#ifndef SMBSENSOR_RPC_TCP_H
#define SMBSENSOR_RPC_TCP_H

#include <stddef.h>
#include <stdint.h>

#include "tcpseg.h"

#define RPC_EPMAP_PORT 135

struct sensor;
struct conn;

/* The tables, when the config follows DCE/RPC over TCP; -1: no memory. */
int rpc_tcp_init(struct sensor *s);

/* Whether the segment (IPv4 header at ip, caplen bytes) belongs to a
 * DCE/RPC connection the sensor follows or should start following: 1 sent
 * by the client, 0 by the server, -1 not DCE/RPC. */
int rpc_tcp_classify(struct sensor *s, const struct tcp_seg *t, const uint8_t *ip, size_t caplen);
/* The same question before an IPv6 packet is mapped: ports and payload
 * only (tcp at the TCP header, n bytes). */
int rpc_tcp_wanted(const struct sensor *s, const uint8_t *tcp, size_t n);

/* A connection was opened as DCE/RPC, or such a connection is closed. */
void rpc_tcp_conn_open(struct sensor *s, struct conn *c);
void rpc_tcp_conn_close(struct sensor *s, struct conn *c);

/* An ept_map response on c: addr (0 for c's server) and port listen. */
void rpc_tcp_learn(struct sensor *s, const struct conn *c, uint32_t addr, uint16_t port);

void rpc_tcp_free(struct sensor *s);

#endif
