/* Names of DCE/RPC interfaces and operations, as Zeek writes them in the
 * endpoint and operation columns of dce_rpc.log (DCE_RPC::uuid_endpoint_map,
 * DCE_RPC::operations). Pure constant tables: no state, safe from any thread.
 *
 * A UUID is handled as the 16 bytes it has on the wire in a little-endian
 * PDU (NDR: time_low, time_mid, time_hi_and_version little-endian, then the
 * 8 clock_seq/node bytes as they are), which is how dcerpc.h hands it out. */
#ifndef SMBSENSOR_RPC_NAMES_H
#define SMBSENSOR_RPC_NAMES_H

#include <stdint.h>

#define RPC_UUID_STR_LEN 36 /* "367abb81-9844-35f1-ad32-98f038001003" */

/* Lower-case text form, as Zeek prints it; out gets a NUL terminator. */
void rpc_uuid_format(const uint8_t uuid[16], char out[RPC_UUID_STR_LEN + 1]);

/* Parse the text form (either case) into wire bytes. 0 ok, -1 malformed. */
int rpc_uuid_parse(const char *s, uint8_t uuid[16]);

/* Zeek's endpoint name for an interface, or NULL when Zeek has none (the
 * caller then writes "unknown-<uuid>" as Zeek does). */
const char *rpc_endpoint_name(const uint8_t uuid[16]);

/* Zeek's operation name for (interface, opnum), or NULL (Zeek writes
 * "unknown-<opnum>" in decimal). */
const char *rpc_operation_name(const uint8_t uuid[16], uint16_t opnum);

/* 0 when both tables are strictly sorted (the lookups rely on it); for tests. */
int rpc_names_check_sorted(void);

#endif
