/* IPv4/TCP segments: parsing the headers of captured packets, and building
 * the synthetic segments the sensor feeds libnids (handshakes for
 * mid-stream pickup, fillers for holes). */
#ifndef SMBSENSOR_TCPSEG_H
#define SMBSENSOR_TCPSEG_H

#include <stddef.h>
#include <stdint.h>

#define TCP_FIN 0x01
#define TCP_SYN 0x02
#define TCP_RST 0x04
#define TCP_PSH 0x08
#define TCP_ACK 0x10

/* The largest payload one synthetic segment carries (IPv4 total length). */
#define TCPSEG_MAX_PAYLOAD (65535 - 20 - 20)

struct tcp_seg {
	uint32_t saddr, daddr;   /* network byte order */
	uint16_t sport, dport;
	uint32_t seq, ack;
	uint8_t flags;
	uint16_t window;
	uint32_t payload;        /* payload bytes (from the IP total length) */
	uint16_t payload_off;    /* where the payload starts, from the IP header */
	uint16_t ip_len;         /* IP total length */
};

/* Headers of an unfragmented IPv4 TCP packet; -1 for anything else or a
 * packet cut before the end of its TCP header. */
int tcpseg_parse_ipv4(const uint8_t *ip, size_t caplen, struct tcp_seg *t);

/* Write t as an IPv4 packet into out (cap bytes) with t->payload zero bytes
 * of payload; returns its length, or 0 if it does not fit. A SYN carries a
 * window-scale option of 14 and no timestamps: libnids then accepts the real
 * segments that follow, whatever window they advertise. */
size_t tcpseg_build(uint8_t *out, size_t cap, const struct tcp_seg *t);

#endif
