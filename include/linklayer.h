/* Layer-2 decoding, done by us so that libnids only ever sees plain IP:
 * Ethernet with any number of 802.1Q / 802.1ad tags, Linux SLL and SLL2
 * (tcpdump -i any), BSD NULL/LOOP, and raw IPv4/IPv6. */
#ifndef SMBSENSOR_LINKLAYER_H
#define SMBSENSOR_LINKLAYER_H

#include <stddef.h>
#include <stdint.h>

enum l3_proto {
	L3_OTHER = 0,  /* not IP, or a link type we do not decode */
	L3_SHORT,      /* cut before the layer-2 header ended */
	L3_IPV4,
	L3_IPV6,
};

/* Returns 1 when dlt is a link type we decode. */
int l2_supported(int dlt);

/* Finds the IP header of a captured frame: sets *ip_off and returns its
 * protocol. */
enum l3_proto l2_decode(int dlt, const uint8_t *pkt, size_t caplen, size_t *ip_off);

#endif
