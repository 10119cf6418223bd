/* The endpoint mapper's answer (ept_map, epmapper opnum 3): which TCP ports
 * it hands out. A client asks port 135 where an interface listens and then
 * connects there, so these are the dynamic DCE/RPC ports to follow.
 * Pure: bytes in, endpoints out. */
#ifndef SMBSENSOR_EPM_H
#define SMBSENSOR_EPM_H

#include <stddef.h>
#include <stdint.h>

struct epm_endpoint {
	uint32_t addr;  /* network byte order; 0.0.0.0 means the mapper's own host */
	uint16_t port;  /* host byte order */
};

/* The call is epmapper's ept_map (interface UUID in wire order). */
int epm_is_map(const uint8_t iface[16], uint16_t opnum);

/* The ncacn_ip_tcp towers of an ept_map response stub (NDR20). Returns how
 * many endpoints were written to out (at most max), or -1 when the stub is
 * malformed. Towers of other protocols (named pipes, HTTP, UDP) are skipped. */
int epm_map_endpoints(const uint8_t *stub, size_t len, struct epm_endpoint *out, size_t max);

#endif
