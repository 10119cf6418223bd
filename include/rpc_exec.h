/* DCE/RPC calls that reveal remote execution, decoded from complete
 * (reassembled, unencrypted) NDR20 stub bytes:
 *   svcctl (MS-SCMR)  367abb81-9844-35f1-ad32-98f038001003
 *     1 ControlService, 2 DeleteService, 11/23 ChangeServiceConfigW/A,
 *     12/24/44/45 CreateServiceW/A/WOW64A/WOW64W, 16/28 OpenServiceW/A,
 *     19/31 StartServiceW/A
 *   ITaskSchedulerService (MS-TSCH)  86d35949-83c9-4044-b424-db363231fd0c
 *     1 SchRpcRegisterTask, 12 SchRpcRun, 13 SchRpcDelete
 *   atsvc (MS-TSCH)  1ff70682-0a51-30e8-076d-740be8cee98b
 *     0 NetrJobAdd
 *   winreg (MS-RRP)  338cd001-2244-31f1-aaaa-900038001003
 *     6 BaseRegCreateKey, 15 BaseRegOpenKey, 22 BaseRegSetValue
 *
 * Interface UUIDs are passed as the 16 bytes a little-endian bind carries on
 * the wire (MS-DTYP GUID layout: Data1, Data2, Data3 little-endian, then
 * Data4 as is), e.g. svcctl is 81 bb 7a 36 44 98 f1 35 ad 32 98 f0 38 00 10 03.
 *
 * Only NDR20 is decoded. An NDR64 stub (a bind that negotiated 71710533-...)
 * must not be handed here: it is usually refused as malformed. */
#ifndef SMBSENSOR_RPC_EXEC_H
#define SMBSENSOR_RPC_EXEC_H

#include <stddef.h>
#include <stdint.h>

#include "ndr.h"
#include "text.h"

enum rpc_iface {
	RPC_IFACE_OTHER = 0,
	RPC_IFACE_SVCCTL,
	RPC_IFACE_TSCH,    /* ITaskSchedulerService */
	RPC_IFACE_ATSVC,
	RPC_IFACE_WINREG,
};

enum rpc_exec_op {
	RPC_EXEC_NONE = 0,
	RPC_EXEC_SVC_CREATE,     /* CreateServiceW/A/WOW64A/WOW64W */
	RPC_EXEC_SVC_CHANGE,     /* ChangeServiceConfigW/A */
	RPC_EXEC_SVC_OPEN,       /* OpenServiceW/A */
	RPC_EXEC_SVC_START,      /* StartServiceW/A */
	RPC_EXEC_SVC_CONTROL,    /* ControlService */
	RPC_EXEC_SVC_DELETE,     /* DeleteService */
	RPC_EXEC_TASK_REGISTER,  /* SchRpcRegisterTask */
	RPC_EXEC_TASK_RUN,       /* SchRpcRun */
	RPC_EXEC_TASK_DELETE,    /* SchRpcDelete */
	RPC_EXEC_AT_JOB_ADD,     /* NetrJobAdd */
	RPC_EXEC_REG_CREATE_KEY, /* BaseRegCreateKey */
	RPC_EXEC_REG_OPEN_KEY,   /* BaseRegOpenKey (names a key handle) */
	RPC_EXEC_REG_SET_VALUE,  /* BaseRegSetValue */
};

/* Which fields of struct rpc_exec are set (a text field also has .set). */
#define RPC_EXEC_F_HANDLE          (1u << 0)  /* handle: the call's input handle */
#define RPC_EXEC_F_SERVICE_NAME    (1u << 1)
#define RPC_EXEC_F_DISPLAY_NAME    (1u << 2)
#define RPC_EXEC_F_BINARY_PATH     (1u << 3)
#define RPC_EXEC_F_SERVICE_ACCOUNT (1u << 4)
#define RPC_EXEC_F_TASK_NAME       (1u << 5)
#define RPC_EXEC_F_COMMAND         (1u << 6)
#define RPC_EXEC_F_ARGUMENTS       (1u << 7)
#define RPC_EXEC_F_KEY_NAME        (1u << 8)
#define RPC_EXEC_F_VALUE_NAME      (1u << 9)
#define RPC_EXEC_F_VALUE_DATA      (1u << 10)
#define RPC_EXEC_F_USER            (1u << 11)
#define RPC_EXEC_F_SERVICE_TYPE    (1u << 12)
#define RPC_EXEC_F_START_TYPE      (1u << 13)
#define RPC_EXEC_F_ACCESS          (1u << 14)
#define RPC_EXEC_F_CONTROL         (1u << 15)
#define RPC_EXEC_F_VALUE_TYPE      (1u << 16)
#define RPC_EXEC_F_TASK_FLAGS      (1u << 17)
#define RPC_EXEC_F_LOGON_TYPE      (1u << 18)
#define RPC_EXEC_F_JOB             (1u << 19) /* job_time, days_of_*, job_flags */
#define RPC_EXEC_F_ARGC            (1u << 20)

struct rpc_exec {
	enum rpc_exec_op op;
	uint32_t flags;                  /* RPC_EXEC_F_* */
	uint8_t handle[NDR_HANDLE_LEN];  /* hSCManager / hService / hKey */

	struct text service_name;    /* lpServiceName */
	struct text display_name;    /* lpDisplayName */
	struct text binary_path;     /* lpBinaryPathName */
	struct text service_account; /* lpServiceStartName */
	struct text task_name;       /* SchRpc* path */
	struct text command;         /* task <Exec><Command>, AT_INFO.Command */
	struct text arguments;       /* <Exec><Arguments>; StartService argv and
	                              * SchRpcRun pArgs joined with spaces */
	struct text key_name;        /* BaseRegCreateKey / OpenKey lpSubKey */
	struct text value_name;      /* BaseRegSetValue lpValueName */
	struct text value_data;      /* REG_SZ / REG_EXPAND_SZ data */
	struct text user;            /* task <UserId> (or first credential), SchRpcRun user */

	uint32_t service_type;       /* dwServiceType (0xFFFFFFFF: no change) */
	uint32_t start_type;         /* dwStartType */
	uint32_t access;             /* dwDesiredAccess / samDesired */
	uint32_t control;            /* ControlService dwControl */
	uint32_t value_type;         /* BaseRegSetValue dwType (REG_SZ 1 ...) */
	uint32_t task_flags;         /* SchRpcRegisterTask / Run / Delete flags */
	uint32_t logon_type;         /* SchRpcRegisterTask logonType */
	uint32_t argc;               /* StartService argc, SchRpcRun cArgs */
	uint32_t job_time;           /* AT_INFO: ms after midnight */
	uint32_t days_of_month;
	uint8_t days_of_week;
	uint8_t job_flags;
};

/* Map a wire interface UUID to the interfaces above. */
enum rpc_iface rpc_iface_of(const uint8_t iface_uuid[16]);

/* Which of the calls above (interface, opnum) is; RPC_EXEC_NONE for others.
 * Cheap: lets a caller skip the other calls before it allocates anything. */
enum rpc_exec_op rpc_exec_op_of(const uint8_t iface_uuid[16], uint16_t opnum);

/* Decode the stub of a REQUEST. Returns 1 when the call is one of the above
 * and was decoded into *out, 0 when it is not one of ours (*out then has
 * op RPC_EXEC_NONE), -1 when it is ours but malformed (*out then holds
 * whatever was decoded before the fault, op set). */
int rpc_exec_decode(const uint8_t iface_uuid[16], uint16_t opnum, const uint8_t *stub, size_t len,
		    struct rpc_exec *out);

/* The return value of the RESPONSE of one of the calls above: the last 4 bytes
 * (ERROR_SUCCESS 0, ERROR_ACCESS_DENIED 5, ERROR_SERVICE_EXISTS 1073, an
 * HRESULT for SchRpc*). Returns 1 with *status set, 0 when not one of ours,
 * -1 when the stub is shorter than 4 bytes. */
int rpc_exec_status(const uint8_t iface_uuid[16], uint16_t opnum, const uint8_t *stub, size_t len,
		    uint32_t *status);

/* The context handle a RESPONSE returns, so the caller can name later calls
 * made on it: CreateService* and OpenService* (a service handle),
 * BaseRegCreateKey and BaseRegOpenKey (a key handle). Returns 1 with handle
 * set (all zero when the call failed: check rpc_exec_status), 0 when the call
 * returns no handle we track, -1 when malformed. */
int rpc_exec_handle(const uint8_t iface_uuid[16], uint16_t opnum, const uint8_t *stub, size_t len,
		    uint8_t handle[NDR_HANDLE_LEN]);

/* Find the first <Exec> action in a task's XML (UTF-16LE bytes, no BOM
 * needed) and copy its <Command> and <Arguments>, and the first <UserId>,
 * with the five predefined XML entities and numeric references decoded. A
 * field absent from the XML is left unset. Exposed for tests. */
void rpc_exec_task_xml(const uint8_t *xml, size_t len, struct text *command, struct text *arguments,
		       struct text *user);

#endif
