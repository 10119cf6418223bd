/* IPv6 for libnids, which reassembles IPv4 only: each IPv6 address of an
 * SMB connection gets a stand-in address from 240.0.0.0/4 (reserved, never
 * on a wire), the packet is rewritten as IPv4, and the connection keeps the
 * real addresses for its logs. Stand-ins are never reused, and an entry
 * lives as long as a connection refers to it. */
#ifndef SMBSENSOR_IPV6MAP_H
#define SMBSENSOR_IPV6MAP_H

#include <stddef.h>
#include <stdint.h>
#include <sys/time.h>

struct sensor;

/* Rewrite the IPv6 packet ip6 (caplen bytes captured) as IPv4 into out.
 * Returns the IPv4 length, or 0 when it is not an unfragmented TCP segment
 * on port 445/139 (fragments and other traffic are counted). */
size_t ipv6_to_ipv4(struct sensor *s, const uint8_t *ip6, size_t caplen, uint8_t *out, size_t cap);

/* The packet's IP length as Zeek counts it (payload length + 40). */
uint16_t ipv6_wire_length(const uint8_t *ip6, size_t caplen);

/* 1 if the network-order IPv4 address is a stand-in. */
int ipv6_is_standin(uint32_t v4);
/* A connection starts or stops using the stand-in v4; the real address is
 * written to text (INET6_ADDRSTRLEN bytes) on acquire. */
void ipv6_acquire(struct sensor *s, uint32_t v4, char *text, size_t n);
void ipv6_release(struct sensor *s, uint32_t v4);
void ipv6_free_all(struct sensor *s);

#endif
