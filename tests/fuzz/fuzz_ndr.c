/* The NDR20 stub decoders: one stub through every decoder of the call it is
 * said to be (rpc_exec request, response status and handle; the endpoint
 * mapper's towers). Input: the interface UUID as a bind carries it (16
 * bytes), the opnum (2 bytes, little-endian), then the stub. */
#include <stdlib.h>
#include <string.h>

#include "epm.h"
#include "common.h"
#include "rpc_exec.h"

#define EPM_MAX 16

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct epm_endpoint ep[EPM_MAX];
	uint8_t iface[16], handle[NDR_HANDLE_LEN];
	struct rpc_exec *e;
	uint16_t opnum;
	uint32_t status;
	int rc;

	if (size < 18)
		return 0;
	memcpy(iface, data, 16);
	opnum = (uint16_t)(data[16] | data[17] << 8);
	data += 18;
	size -= 18;
	e = calloc(1, sizeof(*e));
	if (!e)
		return 0;
	rc = rpc_exec_decode(iface, opnum, data, size, e);
	if ((rc != 0) != (e->op != RPC_EXEC_NONE))
		abort();
	fuzz_exec(e);
	free(e);
	rpc_exec_status(iface, opnum, data, size, &status);
	rpc_exec_handle(iface, opnum, data, size, handle);
	if (epm_map_endpoints(data, size, ep, EPM_MAX) > EPM_MAX)
		abort();
	return 0;
}
