/* libnids glue: feeds it plain IPv4 packets, starts streams it would never
 * start (mid-stream pickup), and turns its callbacks into flow calls. */
#ifndef SMBSENSOR_REASSEMBLY_H
#define SMBSENSOR_REASSEMBLY_H

#include <pcap/pcap.h>
#include <stddef.h>
#include <stdint.h>

struct sensor;

/* Initialise libnids for s. Returns 0, or -1 with a message in err. */
int reasm_init(struct sensor *s, char *err, size_t errlen);
/* One IPv4 packet: ip points at the IP header, caplen bytes of it were
 * captured out of wirelen. */
void reasm_ipv4(struct sensor *s, const struct timeval *ts, const uint8_t *ip, size_t caplen, size_t wirelen);
/* One IPv6 packet (ip6 at the IPv6 header): rewritten with stand-in IPv4
 * addresses for libnids. */
void reasm_ipv6(struct sensor *s, const struct timeval *ts, const uint8_t *ip6, size_t caplen);

/* Give libnids a segment the sensor made up (handshake, filler). */
struct tcp_seg;
void reasm_feed_synthetic(const struct timeval *ts, const struct tcp_seg *t);

/* Housekeeping (expiry) when no packet came: live capture on an idle link
 * moves packet time forward itself and calls this. */
void reasm_tick(struct sensor *s);
/* Flush libnids (final callbacks) and close every connection. */
void reasm_finish(struct sensor *s);

#endif
