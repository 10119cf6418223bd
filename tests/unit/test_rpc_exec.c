/* rpc_exec.c: the remote-execution calls of svcctl, ITaskSchedulerService,
 * atsvc and winreg, decoded from NDR20 stub bytes.
 *
 * Real bytes (the DCE/RPC stub of the frame; tshark --disable-protocol svcctl
 * -T fields -e dcerpc.stub_data, so the stub is shown undissected):
 *   pcaps/suricata-verify/filestore-filecontainer-smb1-data-offset__input.pcap
 *     (a psexec-style run over SMB1: OpenServiceW, CreateServiceW,
 *     StartServiceW, then later OpenServiceW and DeleteService)
 *   pcaps/suricata-verify/dcerpc__dcerpc-dce-stub-data-04__input.pcap
 *     (winreg OpenKey ...\CurrentVersion\Run, then SetValue "Osa32")
 *   pcaps/suricata-verify/dcerpc__dcerpc-3109__input.pcap (atsvc NetrJobAdd,
 *     but over NDR64, which this decoder does not speak)
 *   pcaps/exec-{psexec,smbexec,services}.pcap (this project's captures of
 *     impacket's psexec.py, smbexec.py and services.py against smbd)
 * No capture here has CreateServiceA/WOW64*, ChangeServiceConfig*,
 * StartService with arguments, ControlService, any ITaskSchedulerService call,
 * an NDR20 NetrJobAdd or BaseRegCreateKey (pcaps/exec-atexec.pcap has
 * SchRpcRegisterTask, but sealed: auth level packet privacy). Those bytes come from Debian's
 * python3-impacket 0.10.0 (the serialiser psexec.py / atexec.py / reg.py use),
 * with the snippet beside each. Common preamble of the snippets:
 *
 *   from impacket.dcerpc.v5 import scmr, tsch, atsvc, rrp
 *   from impacket.dcerpc.v5.ndr import NDRCALL
 *   from impacket.dcerpc.v5.dtypes import NULL, LPWSTR, LPSTR, STR, DWORD, LPDWORD, LPBYTE
 *   H = bytes(range(1, 21))            # the context handle 01 02 ... 14
 *   ...; stub = r.getData()
 *
 * Referent ids in impacket's output are random; any non-zero id will do. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rpc_exec.h"
#include "util.h"

/* Interface UUIDs as a little-endian bind carries them. */
static const uint8_t SVCCTL[16] = { 0x81, 0xbb, 0x7a, 0x36, 0x44, 0x98, 0xf1, 0x35,
				    0xad, 0x32, 0x98, 0xf0, 0x38, 0x00, 0x10, 0x03 };
static const uint8_t TSCH[16] = { 0x49, 0x59, 0xd3, 0x86, 0xc9, 0x83, 0x44, 0x40,
				  0xb4, 0x24, 0xdb, 0x36, 0x32, 0x31, 0xfd, 0x0c };
static const uint8_t ATSVC[16] = { 0x82, 0x06, 0xf7, 0x1f, 0x51, 0x0a, 0xe8, 0x30,
				   0x07, 0x6d, 0x74, 0x0b, 0xe8, 0xce, 0xe9, 0x8b };
static const uint8_t WINREG[16] = { 0x01, 0xd0, 0x8c, 0x33, 0x44, 0x22, 0xf1, 0x31,
				    0xaa, 0xaa, 0x90, 0x00, 0x38, 0x00, 0x10, 0x03 };
/* srvsvc 4b324fc8-1670-01d3-1278-5a47bf6ee188 */
static const uint8_t SRVSVC[16] = { 0xc8, 0x4f, 0x32, 0x4b, 0x70, 0x16, 0xd3, 0x01,
				    0x12, 0x78, 0x5a, 0x47, 0xbf, 0x6e, 0xe1, 0x88 };

static const uint8_t H_IMPACKET[20] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
					11, 12, 13, 14, 15, 16, 17, 18, 19, 20 };

/* The decoded call, kept on the heap (struct rpc_exec is ~6 KB). */
static struct rpc_exec *decode(const uint8_t *uuid, uint16_t opnum, const char *hex, int want)
{
	size_t len;
	uint8_t *b = unhex(hex, &len);
	struct rpc_exec *e = malloc(sizeof *e);

	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(rpc_exec_decode(uuid, opnum, b, len, e), want);
	free(b);
	return e;
}

/* Every proper prefix of a valid request is malformed (and never over-read:
 * each prefix is its own allocation). */
static void all_prefixes_fail(const uint8_t *uuid, uint16_t opnum, const char *hex)
{
	size_t len, cut;
	uint8_t *full = unhex(hex, &len);
	struct rpc_exec *e = malloc(sizeof *e);

	ck_assert_int_eq(rpc_exec_decode(uuid, opnum, full, len, e), 1);
	for (cut = 0; cut < len; cut++) {
		uint8_t *b = malloc(cut ? cut : 1);

		memcpy(b, full, cut);
		ck_assert_msg(rpc_exec_decode(uuid, opnum, b, cut, e) == -1, "opnum %u prefix %zu/%zu accepted",
			      opnum, cut, len);
		free(b);
	}
	free(e);
	free(full);
}

static void handle_is(const uint8_t *h, const char *hex)
{
	size_t len;
	uint8_t *want = unhex(hex, &len);

	ck_assert_uint_eq(len, NDR_HANDLE_LEN);
	ck_assert_mem_eq(h, want, NDR_HANDLE_LEN);
	free(want);
}

/* ---- svcctl, real bytes ---------------------------------------------------- */

/* frame 790, CreateServiceW (12): handle | lpServiceName (65 units) | pad aaaa
 * | lpDisplayName referent 0x1234, 65 units | pad bfbf | access 0xf01ff |
 * type 0x10 | start 2 | error 0 | lpBinaryPathName (160 units) | NULL group |
 * NULL tag | NULL deps, size 0 | NULL start name | NULL password, size 0 */
static const char REAL_CREATE_W[] =
	"0000000005d85b8b8e8e7048944719f9ae414e2d410000000000000041000000"
	"310032007a0063007900740076006f0062007400650030003000370063006f00"
	"6b00310061006b0068006d00720072005f006a00750064003300320033003000"
	"33003300360036006a0062006300330070003900780039006d00790031007200"
	"6c0039006700770074006c00710066006a0071007800320030006f0073006b00"
	"0000aaaa34120000410000000000000041000000310032007a00630079007400"
	"76006f0062007400650030003000370063006f006b00310061006b0068006d00"
	"720072005f006a0075006400330032003300300033003300360036006a006200"
	"6300330070003900780039006d007900310072006c0039006700770074006c00"
	"710066006a0071007800320030006f0073006b000000bfbfff010f0010000000"
	"0200000000000000a000000000000000a000000043003a005c00570049004e00"
	"44004f00570053005c00310032007a0063007900740076006f00620074006500"
	"30003000370063006f006b00310061006b0068006d00720072005f006a007500"
	"6400330032003300300033003300360036006a00620063003300700039007800"
	"39006d007900310072006c0039006700770074006c00710066006a0071007800"
	"320030006f0073006b002e00650078006500200043003a005c00570049004e00"
	"44004f00570053005c006800620069006b003400320034007a00670065006f00"
	"6b006b003900710065006e003400350038003200770078006f0068006b006d00"
	"75003000320069006a0063006c00690064003300660079006700340032006c00"
	"700066006700640068006e0031006d00770063005f0079007400790035006200"
	"640063006600330067002e006500780065000000000000000000000000000000"
	"00000000000000000000000000000000";
#define REAL_SVC "12zcytvobte007cok1akhmrr_jud32303366jbc3p9x9my1rl9gwtlqfjqx20osk"

/* The cheap pre-check a caller uses before decoding anything. */
START_TEST(test_op_of)
{
	static const uint8_t other[16] = { 1 };

	ck_assert_int_eq(rpc_exec_op_of(SVCCTL, 12), RPC_EXEC_SVC_CREATE);
	ck_assert_int_eq(rpc_exec_op_of(SVCCTL, 45), RPC_EXEC_SVC_CREATE);
	ck_assert_int_eq(rpc_exec_op_of(SVCCTL, 6), RPC_EXEC_NONE); /* QueryServiceStatus */
	ck_assert_int_eq(rpc_exec_op_of(other, 12), RPC_EXEC_NONE);
}
END_TEST

START_TEST(test_real_create_service_w)
{
	struct rpc_exec *e = decode(SVCCTL, 12, REAL_CREATE_W, 1);

	ck_assert_int_eq(e->op, RPC_EXEC_SVC_CREATE);
	handle_is(e->handle, "0000000005d85b8b8e8e7048944719f9ae414e2d");
	ck_assert_str_eq(e->service_name.s, REAL_SVC);
	ck_assert_str_eq(e->display_name.s, REAL_SVC);
	ck_assert_str_eq(e->binary_path.s, "C:\\WINDOWS\\" REAL_SVC ".exe "
			 "C:\\WINDOWS\\hbik424zgeokk9qen4582wxohkmu02ijclid3fyg42lpfgdhn1mwc_yty5bdcf3g.exe");
	ck_assert_uint_eq(e->binary_path.len, 160 - 1);
	ck_assert_uint_eq(e->access, 0xf01ff);
	ck_assert_uint_eq(e->service_type, 0x10);
	ck_assert_uint_eq(e->start_type, 2);
	ck_assert_int_eq(e->service_account.set, 0);
	ck_assert_uint_eq(e->flags, RPC_EXEC_F_HANDLE | RPC_EXEC_F_SERVICE_NAME | RPC_EXEC_F_DISPLAY_NAME |
				    RPC_EXEC_F_BINARY_PATH | RPC_EXEC_F_ACCESS |
				    RPC_EXEC_F_SERVICE_TYPE | RPC_EXEC_F_START_TYPE);
	free(e);
	all_prefixes_fail(SVCCTL, 12, REAL_CREATE_W);
}
END_TEST

START_TEST(test_real_service_responses)
{
	/* frame 794 CreateServiceW response: NULL lpdwTagId | handle | 0 */
	static const char create_resp[] = "00000000 00000000fea772b927f7414faa60a357b7433111 00000000";
	/* frame 789 OpenServiceW response: zero handle | 0x424 (1060,
	 * ERROR_SERVICE_DOES_NOT_EXIST); frame 828: a handle and 0 */
	static const char open_fail[] = "0000000000000000000000000000000000000000 24040000";
	static const char open_ok[] = "0000000079b4ca2e8dc37f459e60699e0eb975c2 00000000";
	/* frame 799 StartServiceW response: 0x41d (1053, the service did not
	 * respond in time); frame 832 DeleteService response: 0 */
	static const char start_resp[] = "1d040000";
	size_t len;
	uint8_t *b;
	uint8_t h[NDR_HANDLE_LEN];
	uint32_t st;

	b = unhex(create_resp, &len);
	ck_assert_int_eq(rpc_exec_handle(SVCCTL, 12, b, len, h), 1);
	/* the handle StartServiceW (frame 795) then uses */
	handle_is(h, "00000000fea772b927f7414faa60a357b7433111");
	ck_assert_int_eq(rpc_exec_status(SVCCTL, 12, b, len, &st), 1);
	ck_assert_uint_eq(st, 0);
	/* a short response */
	ck_assert_int_eq(rpc_exec_handle(SVCCTL, 12, b, len - 1, h), -1);
	free(b);

	b = unhex(open_fail, &len);
	ck_assert_int_eq(rpc_exec_handle(SVCCTL, 16, b, len, h), 1);
	ck_assert_int_eq(rpc_exec_status(SVCCTL, 16, b, len, &st), 1);
	ck_assert_uint_eq(st, 1060);
	free(b);

	b = unhex(open_ok, &len);
	ck_assert_int_eq(rpc_exec_handle(SVCCTL, 16, b, len, h), 1);
	handle_is(h, "0000000079b4ca2e8dc37f459e60699e0eb975c2");
	free(b);

	b = unhex(start_resp, &len);
	ck_assert_int_eq(rpc_exec_status(SVCCTL, 19, b, len, &st), 1);
	ck_assert_uint_eq(st, 1053);
	ck_assert_int_eq(rpc_exec_status(SVCCTL, 2, b, len, &st), 1);
	/* StartService returns no handle */
	ck_assert_int_eq(rpc_exec_handle(SVCCTL, 19, b, len, h), 0);
	ck_assert_int_eq(rpc_exec_status(SVCCTL, 19, b, 3, &st), -1);
	/* not ours: CloseServiceHandle, srvsvc */
	ck_assert_int_eq(rpc_exec_status(SVCCTL, 0, b, len, &st), 0);
	ck_assert_int_eq(rpc_exec_status(SRVSVC, 19, b, len, &st), 0);
	free(b);
}
END_TEST

START_TEST(test_real_open_start_delete)
{
	/* frame 786 OpenServiceW (16): handle | lpServiceName | access */
	static const char open_req[] =
		"0000000005d85b8b8e8e7048944719f9ae414e2d410000000000000041000000"
		"310032007a0063007900740076006f0062007400650030003000370063006f00"
		"6b00310061006b0068006d00720072005f006a00750064003300320033003000"
		"33003300360036006a0062006300330070003900780039006d00790031007200"
		"6c0039006700770074006c00710066006a0071007800320030006f0073006b00"
		"0000bfbfff010f00";
	/* frame 795 StartServiceW (19): handle | argc 0 | NULL argv */
	static const char start_req[] =
		"00000000fea772b927f7414faa60a357b74331110000000000000000";
	/* frame 829 DeleteService (2): the handle frame 828 returned */
	static const char delete_req[] =
		"0000000079b4ca2e8dc37f459e60699e0eb975c2";
	struct rpc_exec *e;

	e = decode(SVCCTL, 16, open_req, 1);
	ck_assert_int_eq(e->op, RPC_EXEC_SVC_OPEN);
	ck_assert_str_eq(e->service_name.s, REAL_SVC);
	ck_assert_uint_eq(e->access, 0xf01ff);
	ck_assert_uint_eq(e->flags, RPC_EXEC_F_HANDLE | RPC_EXEC_F_SERVICE_NAME | RPC_EXEC_F_ACCESS);
	free(e);
	all_prefixes_fail(SVCCTL, 16, open_req);

	e = decode(SVCCTL, 19, start_req, 1);
	ck_assert_int_eq(e->op, RPC_EXEC_SVC_START);
	handle_is(e->handle, "00000000fea772b927f7414faa60a357b7433111");
	ck_assert_uint_eq(e->argc, 0);
	ck_assert_int_eq(e->arguments.set, 0);
	ck_assert_uint_eq(e->flags, RPC_EXEC_F_HANDLE | RPC_EXEC_F_ARGC);
	free(e);
	all_prefixes_fail(SVCCTL, 19, start_req);

	e = decode(SVCCTL, 2, delete_req, 1);
	ck_assert_int_eq(e->op, RPC_EXEC_SVC_DELETE);
	handle_is(e->handle, "0000000079b4ca2e8dc37f459e60699e0eb975c2");
	ck_assert_uint_eq(e->flags, RPC_EXEC_F_HANDLE);
	free(e);
	all_prefixes_fail(SVCCTL, 2, delete_req);
}
END_TEST

/* ---- svcctl, impacket against smbd (pcaps/exec-*.pcap) ---------------------- */

/* The project's own captures (tools/record-exec.sh): impacket's example
 * scripts run against Samba smbd, encryption off. Samba faults CreateServiceW
 * (nca_op_rng_error), but the request is what the tool sends. */

/* exec-smbexec.pcap frame 26: smbexec.py's CreateServiceW, the command
 * is in the binary path */
static const char REAL_SMBEXEC_CREATE[] =
	"0000000010fe50d7a37ec24e939ae48f0ad9e281070000000000000007000000"
	"420054004f00420054004f000000aaaa57e30000070000000000000007000000"
	"420054004f00420054004f000000bfbfff010f00100000000300000000000000"
	"8e000000000000008e000000250043004f004d00530050004500430025002000"
	"2f00510020002f00630020006500630068006f00200063006400200020005e00"
	"3e0020005c005c003100320037002e0030002e0030002e0031005c0043002400"
	"5c005f005f006f0075007400700075007400200032005e003e005e0026003100"
	"20003e0020002500540045004d00500025005c00650078006500630075007400"
	"65002e00620061007400200026002000250043004f004d005300500045004300"
	"250020002f00510020002f00630020002500540045004d00500025005c006500"
	"7800650063007500740065002e00620061007400200026002000640065006c00"
	"20002500540045004d00500025005c0065007800650063007500740065002e00"
	"6200610074000000000000000000000000000000000000000000000000000000"
	"00000000";

/* exec-psexec.pcap frame 108: psexec.py's CreateServiceW */
static const char REAL_PSEXEC_CREATE[] =
	"0000000081985399a903644d982a99f8fc7385f1050000000000000005000000"
	"45006d00460062000000aaaaa321000005000000000000000500000045006d00"
	"460062000000bfbfff010f001000000003000000000000001a00000000000000"
	"1a0000002500730079007300740065006d0072006f006f00740025005c006500"
	"55005400680059004900520041002e0065007800650000000000000000000000"
	"0000000000000000000000000000000000000000";

/* exec-services.pcap frame 26: services.py create -name SmbSensorExecTest
 * -display 'smbsensor exec test service' -path '...' (start type auto) */
static const char REAL_SERVICES_CREATE[] =
	"000000000c9cd9e7af16644886020dffb3e7b3c1120000000000000012000000"
	"53006d006200530065006e0073006f0072004500780065006300540065007300"
	"7400000023e500001c000000000000001c00000073006d006200730065006e00"
	"73006f0072002000650078006500630020007400650073007400200073006500"
	"720076006900630065000000ff010f001000000002000000000000002e000000"
	"000000002e00000043003a005c00500072006f006700720061006d0044006100"
	"740061005c0073006d006200730065006e0073006f0072005c00650078006500"
	"63002d0074006500730074002e0065007800650020002d006b00200072007500"
	"6e00000000000000000000000000000000000000000000000000000000000000";

START_TEST(test_real_impacket_create_service)
{
	struct rpc_exec *e;

	e = decode(SVCCTL, 12, REAL_SMBEXEC_CREATE, 1);
	ck_assert_str_eq(e->service_name.s, "BTOBTO");
	ck_assert_str_eq(e->display_name.s, "BTOBTO");
	ck_assert_str_eq(e->binary_path.s,
			 "%COMSPEC% /Q /c echo cd  ^> \\\\127.0.0.1\\C$\\__output 2^>^&1 > %TEMP%\\execute.bat & "
			 "%COMSPEC% /Q /c %TEMP%\\execute.bat & del %TEMP%\\execute.bat");
	ck_assert_uint_eq(e->start_type, 3);
	free(e);
	all_prefixes_fail(SVCCTL, 12, REAL_SMBEXEC_CREATE);

	e = decode(SVCCTL, 12, REAL_PSEXEC_CREATE, 1);
	ck_assert_str_eq(e->service_name.s, "EmFb");
	ck_assert_str_eq(e->binary_path.s, "%systemroot%\\eUThYIRA.exe");
	free(e);
	all_prefixes_fail(SVCCTL, 12, REAL_PSEXEC_CREATE);

	e = decode(SVCCTL, 12, REAL_SERVICES_CREATE, 1);
	ck_assert_str_eq(e->service_name.s, "SmbSensorExecTest");
	ck_assert_str_eq(e->display_name.s, "smbsensor exec test service");
	ck_assert_str_eq(e->binary_path.s, "C:\\ProgramData\\smbsensor\\exec-test.exe -k run");
	ck_assert_uint_eq(e->start_type, 2);
	free(e);
	all_prefixes_fail(SVCCTL, 12, REAL_SERVICES_CREATE);
}
END_TEST

/* ---- svcctl, impacket bytes ------------------------------------------------ */

/* psexec.py's call (serviceinstall.py, hRCreateServiceW):
 *   r = scmr.RCreateServiceW(); r['hSCManager'] = H
 *   r['lpServiceName'] = 'RAnd\x00'; r['lpDisplayName'] = 'RAnd\x00'
 *   r['dwDesiredAccess'] = scmr.SERVICE_ALL_ACCESS
 *   r['dwServiceType'] = scmr.SERVICE_WIN32_OWN_PROCESS
 *   r['dwStartType'] = scmr.SERVICE_DEMAND_START
 *   r['dwErrorControl'] = scmr.SERVICE_ERROR_IGNORE
 *   r['lpBinaryPathName'] = '%systemroot%\\xYzW.exe\x00'
 *   r['lpLoadOrderGroup'] = NULL; r['lpdwTagId'] = NULL; r['lpDependencies'] = NULL
 *   r['dwDependSize'] = 0; r['lpServiceStartName'] = NULL; r['lpPassword'] = NULL
 *   r['dwPwSize'] = 0 */
static const char IMP_CREATE_W[] =
	"0102030405060708090a0b0c0d0e0f1011121314050000000000000005000000"
	"520041006e0064000000aaaa6622000005000000000000000500000052004100"
	"6e0064000000bfbfff010f001000000003000000000000001600000000000000"
	"160000002500730079007300740065006d0072006f006f00740025005c007800"
	"59007a0057002e00650078006500000000000000000000000000000000000000"
	"000000000000000000000000";

START_TEST(test_impacket_create_service_w)
{
	struct rpc_exec *e = decode(SVCCTL, 12, IMP_CREATE_W, 1);

	ck_assert_mem_eq(e->handle, H_IMPACKET, 20);
	ck_assert_str_eq(e->service_name.s, "RAnd");
	ck_assert_str_eq(e->display_name.s, "RAnd");
	ck_assert_str_eq(e->binary_path.s, "%systemroot%\\xYzW.exe");
	ck_assert_uint_eq(e->access, 0xf01ff);
	ck_assert_uint_eq(e->service_type, 0x10);
	ck_assert_uint_eq(e->start_type, 3);
	ck_assert_int_eq(e->service_account.set, 0);
	free(e);
	all_prefixes_fail(SVCCTL, 12, IMP_CREATE_W);
}
END_TEST

/* Every optional argument present; RCreateServiceWOW64W (45) has exactly the
 * CreateServiceW structure:
 *   r = scmr.RCreateServiceWOW64W(); r['hSCManager'] = H
 *   r['lpServiceName'] = 'evil\x00'; r['lpDisplayName'] = NULL
 *   r['dwDesiredAccess'] = 0xF01FF; r['dwServiceType'] = 0x10
 *   r['dwStartType'] = 2; r['dwErrorControl'] = 1
 *   r['lpBinaryPathName'] = 'cmd.exe /c "calc & exit"\x00'
 *   r['lpLoadOrderGroup'] = 'grp\x00'; r['lpdwTagId'] = 7
 *   r['lpDependencies'] = list(b'T\x00c\x00p\x00\x00\x00\x00\x00'); r['dwDependSize'] = 10
 *   r['lpServiceStartName'] = '.\\svcuser\x00'
 *   r['lpPassword'] = list(b'\x01\x02\x03\x04\x05\x06'); r['dwPwSize'] = 6
 * Layout after the binary path: group referent, "grp"; tag referent, 7;
 * deps referent, max 10, 10 bytes, pad, size 10; start name referent,
 * ".\svcuser"; password referent, max 6, 6 bytes, pad, size 6. */
static const char IMP_CREATE_WOW64_W[] =
	"0102030405060708090a0b0c0d0e0f1011121314050000000000000005000000"
	"6500760069006c000000bfbf00000000ff010f00100000000200000001000000"
	"19000000000000001900000063006d0064002e0065007800650020002f006300"
	"20002200630061006c006300200026002000650078006900740022000000aaaa"
	"301e00000400000000000000040000006700720070000000d57e000007000000"
	"cfc200000a00000054006300700000000000bfbf0a000000127300000a000000"
	"000000000a0000002e005c0073007600630075007300650072000000e6780000"
	"06000000010203040506bfbf06000000";

START_TEST(test_impacket_create_service_wow64w_all_args)
{
	struct rpc_exec *e = decode(SVCCTL, 45, IMP_CREATE_WOW64_W, 1);
	size_t len;
	uint8_t *b;

	ck_assert_int_eq(e->op, RPC_EXEC_SVC_CREATE);
	ck_assert_str_eq(e->service_name.s, "evil");
	ck_assert_int_eq(e->display_name.set, 0);
	ck_assert_str_eq(e->binary_path.s, "cmd.exe /c \"calc & exit\"");
	ck_assert_str_eq(e->service_account.s, ".\\svcuser");
	ck_assert_uint_eq(e->start_type, 2);
	ck_assert(e->flags & RPC_EXEC_F_SERVICE_ACCOUNT);
	ck_assert(!(e->flags & RPC_EXEC_F_DISPLAY_NAME));
	free(e);
	all_prefixes_fail(SVCCTL, 45, IMP_CREATE_WOW64_W);

	/* The same bytes as CreateServiceW (12). */
	free(decode(SVCCTL, 12, IMP_CREATE_WOW64_W, 1));

	/* A lying dwDependSize (9, but the array holds 10): refused. The size
	 * is the u32 right after the 10 dependency bytes and 2 pad bytes. */
	b = unhex(IMP_CREATE_WOW64_W, &len);
	{
		static const uint8_t deps[] = { 'T', 0, 'c', 0, 'p', 0, 0, 0, 0, 0 };
		uint8_t *at = memmem(b, len, deps, sizeof deps);
		struct rpc_exec *x = malloc(sizeof *x);

		ck_assert_ptr_nonnull(at);
		ck_assert_uint_eq(at[12], 10);
		at[12] = 9;
		ck_assert_int_eq(rpc_exec_decode(SVCCTL, 45, b, len, x), -1);
		/* what came before the fault is kept */
		ck_assert_str_eq(x->service_name.s, "evil");
		free(x);
	}
	free(b);
}
END_TEST

/* impacket has no CreateServiceA; a class with the MS-SCMR IDL layout on
 * impacket's 8-bit string types:
 *   class RCreateServiceA(NDRCALL):
 *       opnum = 24
 *       structure = (
 *           ('hSCManager', scmr.SC_RPC_HANDLE), ('lpServiceName', STR), ('lpDisplayName', LPSTR),
 *           ('dwDesiredAccess', DWORD), ('dwServiceType', DWORD), ('dwStartType', DWORD),
 *           ('dwErrorControl', DWORD), ('lpBinaryPathName', STR), ('lpLoadOrderGroup', LPSTR),
 *           ('lpdwTagId', LPDWORD), ('lpDependencies', LPBYTE), ('dwDependSize', DWORD),
 *           ('lpServiceStartName', LPSTR), ('lpPassword', LPBYTE), ('dwPwSize', DWORD))
 *   r = RCreateServiceA(); r['hSCManager'] = H; r['lpServiceName'] = 'ansisvc\x00'
 *   r['lpDisplayName'] = 'Ansi Svc\x00'; r['dwDesiredAccess'] = 0xF01FF
 *   r['dwServiceType'] = 0x10; r['dwStartType'] = 3; r['dwErrorControl'] = 0
 *   r['lpBinaryPathName'] = 'C:\\a.exe\x00'; r['lpLoadOrderGroup'] = NULL
 *   r['lpdwTagId'] = NULL; r['lpDependencies'] = NULL; r['dwDependSize'] = 0
 *   r['lpServiceStartName'] = 'LocalSystem\x00'; r['lpPassword'] = NULL; r['dwPwSize'] = 0
 * CreateServiceWOW64A (44) has the same structure. */
static const char IMP_CREATE_A[] =
	"0102030405060708090a0b0c0d0e0f1011121314080000000000000008000000"
	"616e736973766300cfa60000090000000000000009000000416e736920537663"
	"00bfbfbfff010f00100000000300000000000000090000000000000009000000"
	"433a5c612e65786500bfbfbf0000000000000000000000000000000008180000"
	"0c000000000000000c0000004c6f63616c53797374656d000000000000000000";

START_TEST(test_impacket_create_service_a)
{
	static const uint16_t opnums[] = { 24, 44 };
	size_t i;

	for (i = 0; i < 2; i++) {
		struct rpc_exec *e = decode(SVCCTL, opnums[i], IMP_CREATE_A, 1);

		ck_assert_int_eq(e->op, RPC_EXEC_SVC_CREATE);
		ck_assert_str_eq(e->service_name.s, "ansisvc");
		ck_assert_str_eq(e->display_name.s, "Ansi Svc");
		ck_assert_str_eq(e->binary_path.s, "C:\\a.exe");
		ck_assert_str_eq(e->service_account.s, "LocalSystem");
		ck_assert_uint_eq(e->start_type, 3);
		free(e);
		all_prefixes_fail(SVCCTL, opnums[i], IMP_CREATE_A);
	}
	/* Read as the wide call, the 8-bit strings do not parse. */
	free(decode(SVCCTL, 12, IMP_CREATE_A, -1));
}
END_TEST

/* smbexec-style reconfiguration (hRChangeServiceConfigW):
 *   r = scmr.RChangeServiceConfigW(); r['hService'] = H
 *   r['dwServiceType'] = scmr.SERVICE_NO_CHANGE; r['dwStartType'] = scmr.SERVICE_DEMAND_START
 *   r['dwErrorControl'] = scmr.SERVICE_NO_CHANGE
 *   r['lpBinaryPathName'] = 'C:\\Windows\\System32\\cmd.exe /c whoami\x00'
 *   r['lpLoadOrderGroup'] = NULL; r['lpdwTagId'] = NULL; r['lpDependencies'] = NULL
 *   r['dwDependSize'] = 0; r['lpServiceStartName'] = 'LocalSystem\x00'
 *   r['lpPassword'] = NULL; r['dwPwSize'] = 0; r['lpDisplayName'] = 'Updater\x00' */
static const char IMP_CHANGE_W[] =
	"0102030405060708090a0b0c0d0e0f1011121314ffffffff03000000ffffffff"
	"4207000026000000000000002600000043003a005c00570069006e0064006f00"
	"770073005c00530079007300740065006d00330032005c0063006d0064002e00"
	"65007800650020002f0063002000770068006f0061006d006900000000000000"
	"000000000000000000000000ca6e00000c000000000000000c0000004c006f00"
	"630061006c00530079007300740065006d000000000000000000000025c30000"
	"08000000000000000800000055007000640061007400650072000000";

/*   class RChangeServiceConfigA(NDRCALL):   # MS-SCMR IDL, 8-bit strings
 *       opnum = 23
 *       structure = (
 *           ('hService', scmr.SC_RPC_HANDLE), ('dwServiceType', DWORD), ('dwStartType', DWORD),
 *           ('dwErrorControl', DWORD), ('lpBinaryPathName', LPSTR), ('lpLoadOrderGroup', LPSTR),
 *           ('lpdwTagId', LPDWORD), ('lpDependencies', LPBYTE), ('dwDependSize', DWORD),
 *           ('lpServiceStartName', LPSTR), ('lpPassword', LPBYTE), ('dwPwSize', DWORD),
 *           ('lpDisplayName', LPSTR))
 *   r = RChangeServiceConfigA(); r['hService'] = H; r['dwServiceType'] = 0xFFFFFFFF
 *   r['dwStartType'] = 2; r['dwErrorControl'] = 0xFFFFFFFF
 *   r['lpBinaryPathName'] = 'rundll32 x.dll,Go\x00'; everything else NULL / 0 */
static const char IMP_CHANGE_A[] =
	"0102030405060708090a0b0c0d0e0f1011121314ffffffff02000000ffffffff"
	"46ad000012000000000000001200000072756e646c6c333220782e646c6c2c47"
	"6f00bfbf00000000000000000000000000000000000000000000000000000000"
	"00000000";

START_TEST(test_impacket_change_service_config)
{
	struct rpc_exec *e = decode(SVCCTL, 11, IMP_CHANGE_W, 1);

	ck_assert_int_eq(e->op, RPC_EXEC_SVC_CHANGE);
	ck_assert_mem_eq(e->handle, H_IMPACKET, 20);
	ck_assert_uint_eq(e->service_type, 0xffffffffu);
	ck_assert_uint_eq(e->start_type, 3);
	ck_assert_str_eq(e->binary_path.s, "C:\\Windows\\System32\\cmd.exe /c whoami");
	ck_assert_str_eq(e->service_account.s, "LocalSystem");
	ck_assert_str_eq(e->display_name.s, "Updater");
	ck_assert_int_eq(e->service_name.set, 0);
	free(e);
	all_prefixes_fail(SVCCTL, 11, IMP_CHANGE_W);

	e = decode(SVCCTL, 23, IMP_CHANGE_A, 1);
	ck_assert_int_eq(e->op, RPC_EXEC_SVC_CHANGE);
	ck_assert_str_eq(e->binary_path.s, "rundll32 x.dll,Go");
	ck_assert_uint_eq(e->start_type, 2);
	ck_assert_int_eq(e->display_name.set, 0);
	ck_assert_int_eq(e->service_account.set, 0);
	ck_assert_uint_eq(e->flags, RPC_EXEC_F_HANDLE | RPC_EXEC_F_BINARY_PATH | RPC_EXEC_F_SERVICE_TYPE |
				    RPC_EXEC_F_START_TYPE);
	free(e);
	all_prefixes_fail(SVCCTL, 23, IMP_CHANGE_A);
}
END_TEST

/* hRStartServiceW with arguments:
 *   r = scmr.RStartServiceW(); r['hService'] = H; r['argc'] = 2
 *   for a in ('-k', 'netsvcs'):
 *       x = LPWSTR(); x['Data'] = a + '\x00'; r['argv'].append(x)
 * Layout: handle | argc 2 | argv referent | max 2 | 2 referents | "-k" | "netsvcs" */
static const char IMP_START_W[] =
	"0102030405060708090a0b0c0d0e0f10111213140200000065c4000002000000"
	"8b00000023b200000300000000000000030000002d006b000000abab08000000"
	"00000000080000006e006500740073007600630073000000";

/* StartServiceA: STRING_PTRSA is STRING_PTRSW with LPSTR items:
 *   class STRING_PTRSA(NDRSTRUCT):
 *       structure = (('Data', NDRUniConformantArray),)
 *       def __init__(self, data=None, isNDR64=False):
 *           NDRSTRUCT.__init__(self, None, isNDR64)
 *           self.fields['Data'].item = LPSTR
 *   class UNIQUE_STRING_PTRSA(NDRPOINTER):
 *       referent = (('Data', STRING_PTRSA),)
 *   class RStartServiceA(NDRCALL):
 *       opnum = 31
 *       structure = (('hService', scmr.SC_RPC_HANDLE), ('argc', DWORD), ('argv', UNIQUE_STRING_PTRSA))
 *   r = RStartServiceA(); r['hService'] = H; r['argc'] = 3
 *   for a in ('one', '', 'three'):
 *       x = LPSTR(); x['Data'] = a + '\x00'; r['argv'].append(x) */
static const char IMP_START_A[] =
	"0102030405060708090a0b0c0d0e0f1011121314030000006ef0000003000000"
	"ee7e0000898d0000ac3b00000400000000000000040000006f6e650001000000"
	"000000000100000000ababab060000000000000006000000746872656500";

START_TEST(test_impacket_start_service)
{
	struct rpc_exec *e = decode(SVCCTL, 19, IMP_START_W, 1);
	size_t len;
	uint8_t *b;

	ck_assert_int_eq(e->op, RPC_EXEC_SVC_START);
	ck_assert_uint_eq(e->argc, 2);
	ck_assert_str_eq(e->arguments.s, "-k netsvcs");
	ck_assert(e->flags & RPC_EXEC_F_ARGUMENTS);
	free(e);
	all_prefixes_fail(SVCCTL, 19, IMP_START_W);

	e = decode(SVCCTL, 31, IMP_START_A, 1);
	ck_assert_uint_eq(e->argc, 3);
	ck_assert_str_eq(e->arguments.s, "one  three");
	free(e);
	all_prefixes_fail(SVCCTL, 31, IMP_START_A);

	/* argc (offset 20) disagreeing with the array's max count: refused */
	b = unhex(IMP_START_W, &len);
	b[20] = 3;
	e = malloc(sizeof *e);
	ck_assert_int_eq(rpc_exec_decode(SVCCTL, 19, b, len, e), -1);
	free(e);
	free(b);
}
END_TEST

/* impacket ROpenServiceA-alike (MS-SCMR IDL):
 *   class ROpenServiceA(NDRCALL):
 *       opnum = 28
 *       structure = (('hSCManager', scmr.SC_RPC_HANDLE), ('lpServiceName', STR), ('dwDesiredAccess', DWORD))
 *   r = ROpenServiceA(); r['hSCManager'] = H; r['lpServiceName'] = 'ansisvc\x00'
 *   r['dwDesiredAccess'] = 0x10
 * and RControlService:
 *   r = scmr.RControlService(); r['hService'] = H; r['dwControl'] = scmr.SERVICE_CONTROL_STOP */
START_TEST(test_impacket_open_a_and_control)
{
	static const char open_a[] =
		"0102030405060708090a0b0c0d0e0f1011121314080000000000000008000000"
		"616e73697376630010000000";
	static const char control[] =
		"0102030405060708090a0b0c0d0e0f101112131401000000";
	struct rpc_exec *e = decode(SVCCTL, 28, open_a, 1);

	ck_assert_int_eq(e->op, RPC_EXEC_SVC_OPEN);
	ck_assert_str_eq(e->service_name.s, "ansisvc");
	ck_assert_uint_eq(e->access, 0x10);
	free(e);
	all_prefixes_fail(SVCCTL, 28, open_a);

	e = decode(SVCCTL, 1, control, 1);
	ck_assert_int_eq(e->op, RPC_EXEC_SVC_CONTROL);
	ck_assert_mem_eq(e->handle, H_IMPACKET, 20);
	ck_assert_uint_eq(e->control, 1);
	ck_assert_uint_eq(e->flags, RPC_EXEC_F_HANDLE | RPC_EXEC_F_CONTROL);
	free(e);
	all_prefixes_fail(SVCCTL, 1, control);
}
END_TEST

/* ---- ITaskSchedulerService, impacket bytes --------------------------------- */

/* atexec.py's call: the XML is atexec's template (examples/atexec.py) with
 * Command "cmd.exe" and Arguments "/C whoami & echo <x> > %windir%\Temp\
 * gKqXbLzA.tmp 2>&1" escaped by its xml_escape():
 *   r = tsch.SchRpcRegisterTask(); r['path'] = '\\gKqXbLzA\x00'
 *   r['xml'] = xml + '\x00'; r['flags'] = tsch.TASK_CREATE; r['sddl'] = NULL
 *   r['logonType'] = tsch.TASK_LOGON_NONE; r['cCreds'] = 0; r['pCreds'] = NULL
 * Layout: path referent, "\gKqXbLzA" | xml max 0x5bb, offset 0, actual 0x5bb,
 * UTF-16 | pad | flags 2 | NULL sddl | logonType 0 | cCreds 0 | NULL pCreds */
static const char IMP_REGISTER_TASK[] =
	"b7b800000a000000000000000a0000005c0067004b007100580062004c007a00"
	"41000000bb05000000000000bb0500003c003f0078006d006c00200076006500"
	"7200730069006f006e003d00220031002e0030002200200065006e0063006f00"
	"640069006e0067003d0022005500540046002d003100360022003f003e000a00"
	"3c005400610073006b002000760065007200730069006f006e003d0022003100"
	"2e0032002200200078006d006c006e0073003d00220068007400740070003a00"
	"2f002f0073006300680065006d00610073002e006d006900630072006f007300"
	"6f00660074002e0063006f006d002f00770069006e0064006f00770073002f00"
	"32003000300034002f00300032002f006d00690074002f007400610073006b00"
	"22003e000a00200020003c00540072006900670067006500720073003e000a00"
	"20002000200020003c00430061006c0065006e00640061007200540072006900"
	"67006700650072003e000a002000200020002000200020003c00530074006100"
	"7200740042006f0075006e0064006100720079003e0032003000310035002d00"
	"300037002d00310035005400320030003a00330035003a00310033002e003200"
	"3700350037003200390034003c002f005300740061007200740042006f007500"
	"6e0064006100720079003e000a002000200020002000200020003c0045006e00"
	"610062006c00650064003e0074007200750065003c002f0045006e0061006200"
	"6c00650064003e000a002000200020002000200020003c005300630068006500"
	"640075006c006500420079004400610079003e000a0020002000200020002000"
	"2000200020003c00440061007900730049006e00740065007200760061006c00"
	"3e0031003c002f00440061007900730049006e00740065007200760061006c00"
	"3e000a002000200020002000200020003c002f00530063006800650064007500"
	"6c006500420079004400610079003e000a0020002000200020003c002f004300"
	"61006c0065006e0064006100720054007200690067006700650072003e000a00"
	"200020003c002f00540072006900670067006500720073003e000a0020002000"
	"3c005000720069006e0063006900700061006c0073003e000a00200020002000"
	"20003c005000720069006e0063006900700061006c002000690064003d002200"
	"4c006f00630061006c00530079007300740065006d0022003e000a0020002000"
	"20002000200020003c005500730065007200490064003e0053002d0031002d00"
	"35002d00310038003c002f005500730065007200490064003e000a0020002000"
	"20002000200020003c00520075006e004c006500760065006c003e0048006900"
	"6700680065007300740041007600610069006c00610062006c0065003c002f00"
	"520075006e004c006500760065006c003e000a0020002000200020003c002f00"
	"5000720069006e0063006900700061006c003e000a00200020003c002f005000"
	"720069006e0063006900700061006c0073003e000a00200020003c0053006500"
	"7400740069006e00670073003e000a0020002000200020003c004d0075006c00"
	"7400690070006c00650049006e007300740061006e0063006500730050006f00"
	"6c006900630079003e00490067006e006f00720065004e00650077003c002f00"
	"4d0075006c007400690070006c00650049006e007300740061006e0063006500"
	"730050006f006c006900630079003e000a0020002000200020003c0044006900"
	"730061006c006c006f00770053007400610072007400490066004f006e004200"
	"610074007400650072006900650073003e00660061006c00730065003c002f00"
	"44006900730061006c006c006f00770053007400610072007400490066004f00"
	"6e004200610074007400650072006900650073003e000a002000200020002000"
	"3c00530074006f0070004900660047006f0069006e0067004f006e0042006100"
	"74007400650072006900650073003e00660061006c00730065003c002f005300"
	"74006f0070004900660047006f0069006e0067004f006e004200610074007400"
	"650072006900650073003e000a0020002000200020003c0041006c006c006f00"
	"770048006100720064005400650072006d0069006e006100740065003e007400"
	"7200750065003c002f0041006c006c006f007700480061007200640054006500"
	"72006d0069006e006100740065003e000a0020002000200020003c0052007500"
	"6e004f006e006c007900490066004e006500740077006f0072006b0041007600"
	"610069006c00610062006c0065003e00660061006c00730065003c002f005200"
	"75006e004f006e006c007900490066004e006500740077006f0072006b004100"
	"7600610069006c00610062006c0065003e000a0020002000200020003c004900"
	"64006c006500530065007400740069006e00670073003e000a00200020002000"
	"2000200020003c00530074006f0070004f006e00490064006c00650045006e00"
	"64003e0074007200750065003c002f00530074006f0070004f006e0049006400"
	"6c00650045006e0064003e000a002000200020002000200020003c0052006500"
	"730074006100720074004f006e00490064006c0065003e00660061006c007300"
	"65003c002f0052006500730074006100720074004f006e00490064006c006500"
	"3e000a0020002000200020003c002f00490064006c0065005300650074007400"
	"69006e00670073003e000a0020002000200020003c0041006c006c006f007700"
	"530074006100720074004f006e00440065006d0061006e0064003e0074007200"
	"750065003c002f0041006c006c006f007700530074006100720074004f006e00"
	"440065006d0061006e0064003e000a0020002000200020003c0045006e006100"
	"62006c00650064003e0074007200750065003c002f0045006e00610062006c00"
	"650064003e000a0020002000200020003c00480069006400640065006e003e00"
	"74007200750065003c002f00480069006400640065006e003e000a0020002000"
	"200020003c00520075006e004f006e006c00790049006600490064006c006500"
	"3e00660061006c00730065003c002f00520075006e004f006e006c0079004900"
	"6600490064006c0065003e000a0020002000200020003c00570061006b006500"
	"54006f00520075006e003e00660061006c00730065003c002f00570061006b00"
	"650054006f00520075006e003e000a0020002000200020003c00450078006500"
	"63007500740069006f006e00540069006d0065004c0069006d00690074003e00"
	"5000330044003c002f0045007800650063007500740069006f006e0054006900"
	"6d0065004c0069006d00690074003e000a0020002000200020003c0050007200"
	"69006f0072006900740079003e0037003c002f005000720069006f0072006900"
	"740079003e000a00200020003c002f00530065007400740069006e0067007300"
	"3e000a00200020003c0041006300740069006f006e007300200043006f006e00"
	"74006500780074003d0022004c006f00630061006c0053007900730074006500"
	"6d0022003e000a0020002000200020003c0045007800650063003e000a002000"
	"200020002000200020003c0043006f006d006d0061006e0064003e0063006d00"
	"64002e006500780065003c002f0043006f006d006d0061006e0064003e000a00"
	"2000200020002000200020003c0041007200670075006d0065006e0074007300"
	"3e002f0043002000770068006f0061006d0069002000260061006d0070003b00"
	"20006500630068006f00200026006c0074003b0078002600670074003b002000"
	"2600670074003b0020002500770069006e0064006900720025005c0054006500"
	"6d0070005c0067004b007100580062004c007a0041002e0074006d0070002000"
	"32002600670074003b00260061006d0070003b0031003c002f00410072006700"
	"75006d0065006e00740073003e000a0020002000200020003c002f0045007800"
	"650063003e000a00200020003c002f0041006300740069006f006e0073003e00"
	"0a003c002f005400610073006b003e000a002000200020002000200020002000"
	"20000a000000bfbf0200000000000000000000000000000000000000";

START_TEST(test_impacket_register_task)
{
	struct rpc_exec *e = decode(TSCH, 1, IMP_REGISTER_TASK, 1);

	ck_assert_int_eq(e->op, RPC_EXEC_TASK_REGISTER);
	ck_assert_str_eq(e->task_name.s, "\\gKqXbLzA");
	ck_assert_str_eq(e->command.s, "cmd.exe");
	ck_assert_str_eq(e->arguments.s, "/C whoami & echo <x> > %windir%\\Temp\\gKqXbLzA.tmp 2>&1");
	ck_assert_str_eq(e->user.s, "S-1-5-18");
	ck_assert_uint_eq(e->task_flags, 2);
	ck_assert_uint_eq(e->logon_type, 0);
	ck_assert_uint_eq(e->flags, RPC_EXEC_F_TASK_NAME | RPC_EXEC_F_COMMAND | RPC_EXEC_F_ARGUMENTS |
				    RPC_EXEC_F_USER | RPC_EXEC_F_TASK_FLAGS | RPC_EXEC_F_LOGON_TYPE);
	free(e);
	all_prefixes_fail(TSCH, 1, IMP_REGISTER_TASK);
}
END_TEST

/* With an SDDL and one credential (TASK_USER_CRED), and XML with no
 * <Arguments> and no <Principal>:
 *   r = tsch.SchRpcRegisterTask(); r['path'] = '\\t\x00'
 *   r['xml'] = '<Task><Actions><Exec><Command>a.exe</Command></Exec></Actions></Task>\x00'
 *   r['flags'] = tsch.TASK_CREATE; r['sddl'] = 'D:(A;;FA;;;BA)\x00'
 *   r['logonType'] = tsch.TASK_LOGON_PASSWORD; r['cCreds'] = 1
 *   c = tsch.TASK_USER_CRED(); c['userId'] = 'CORP\\bob\x00'; c['password'] = 'pw\x00'
 *   c['flags'] = 0; r['pCreds'].append(c)
 * Layout after logonType 1, cCreds 1: pCreds referent | max 1 | { userId
 * referent, password referent, flags 0 } | "CORP\bob" | "pw" */
static const char IMP_REGISTER_TASK_CREDS[] =
	"569700000300000000000000030000005c0074000000abab4600000000000000"
	"460000003c005400610073006b003e003c0041006300740069006f006e007300"
	"3e003c0045007800650063003e003c0043006f006d006d0061006e0064003e00"
	"61002e006500780065003c002f0043006f006d006d0061006e0064003e003c00"
	"2f0045007800650063003e003c002f0041006300740069006f006e0073003e00"
	"3c002f005400610073006b003e00000002000000fef100000f00000000000000"
	"0f00000044003a00280041003b003b00460041003b003b003b00420041002900"
	"0000bfbf01000000010000002c1a000001000000c4e600004451000000000000"
	"09000000000000000900000043004f00520050005c0062006f0062000000abab"
	"030000000000000003000000700077000000";

START_TEST(test_impacket_register_task_creds)
{
	struct rpc_exec *e = decode(TSCH, 1, IMP_REGISTER_TASK_CREDS, 1);

	ck_assert_str_eq(e->task_name.s, "\\t");
	ck_assert_str_eq(e->command.s, "a.exe");
	ck_assert_int_eq(e->arguments.set, 0);
	ck_assert_str_eq(e->user.s, "CORP\\bob");
	ck_assert_uint_eq(e->logon_type, 1);
	free(e);
	all_prefixes_fail(TSCH, 1, IMP_REGISTER_TASK_CREDS);
}
END_TEST

/* atexec.py's hSchRpcRun(dce, '\\gKqXbLzA') (impacket sends a non-NULL
 * pointer to an empty array), one with arguments and a user, and
 * hSchRpcDelete:
 *   r = tsch.SchRpcRun(); r['path'] = '\\gKqXbLzA\x00'; r['cArgs'] = 0
 *   r['flags'] = 0; r['sessionId'] = 0; r['user'] = NULL
 *
 *   r = tsch.SchRpcRun(); r['path'] = '\\T\x00'; r['cArgs'] = 2
 *   for a in ('x', 'y z'):
 *       x = LPWSTR(); x['Data'] = a + '\x00'; r['pArgs'].append(x)
 *   r['flags'] = tsch.TASK_RUN_USE_SESSION_ID; r['sessionId'] = 1; r['user'] = 'bob\x00'
 *
 *   r = tsch.SchRpcDelete(); r['path'] = '\\gKqXbLzA\x00'; r['flags'] = 0 */
START_TEST(test_impacket_task_run_delete)
{
	static const char run0[] =
		"0a000000000000000a0000005c0067004b007100580062004c007a0041000000"
		"000000008406000000000000000000000000000000000000";
	static const char run2[] =
		"0300000000000000030000005c0054000000bfbf020000009b8a000002000000"
		"6df0000099e10000020000000000000002000000780000000400000000000000"
		"04000000790020007a00000004000000010000005c0200000400000000000000"
		"0400000062006f0062000000";
	static const char del[] =
		"0a000000000000000a0000005c0067004b007100580062004c007a0041000000"
		"00000000";
	struct rpc_exec *e;

	e = decode(TSCH, 12, run0, 1);
	ck_assert_int_eq(e->op, RPC_EXEC_TASK_RUN);
	ck_assert_str_eq(e->task_name.s, "\\gKqXbLzA");
	ck_assert_uint_eq(e->argc, 0);
	ck_assert_int_eq(e->user.set, 0);
	free(e);
	all_prefixes_fail(TSCH, 12, run0);

	e = decode(TSCH, 12, run2, 1);
	ck_assert_str_eq(e->task_name.s, "\\T");
	ck_assert_uint_eq(e->argc, 2);
	ck_assert_str_eq(e->arguments.s, "x y z");
	ck_assert_uint_eq(e->task_flags, 4);
	ck_assert_str_eq(e->user.s, "bob");
	free(e);
	all_prefixes_fail(TSCH, 12, run2);

	e = decode(TSCH, 13, del, 1);
	ck_assert_int_eq(e->op, RPC_EXEC_TASK_DELETE);
	ck_assert_str_eq(e->task_name.s, "\\gKqXbLzA");
	ck_assert_uint_eq(e->flags, RPC_EXEC_F_TASK_NAME | RPC_EXEC_F_TASK_FLAGS);
	free(e);
	all_prefixes_fail(TSCH, 13, del);

	/* SchRpcHighestVersion (0) is not ours */
	free(decode(TSCH, 0, del, 0));
}
END_TEST

START_TEST(test_task_status)
{
	/* SchRpcRegisterTask response: pActualPath referent, "\x", NULL
	 * pErrorInfo, HRESULT 0x80070005 (E_ACCESSDENIED) */
	static const char resp[] = "00000200 03000000 00000000 03000000 5c0078000000 0000"
				   "00000000 05000780";
	size_t len;
	uint8_t *b = unhex(resp, &len);
	uint32_t st;
	uint8_t h[NDR_HANDLE_LEN];

	ck_assert_int_eq(rpc_exec_status(TSCH, 1, b, len, &st), 1);
	ck_assert_uint_eq(st, 0x80070005u);
	ck_assert_int_eq(rpc_exec_handle(TSCH, 1, b, len, h), 0);
	free(b);
}
END_TEST

/* ---- the task XML scan ------------------------------------------------------- */

static void xml(const char *ascii, struct text *cmd, struct text *args, struct text *user)
{
	size_t n = strlen(ascii), i;
	uint8_t *u = malloc(2 * n + 1);

	for (i = 0; i < n; i++) {
		u[2 * i] = (uint8_t)ascii[i];
		u[2 * i + 1] = 0;
	}
	cmd->set = args->set = user->set = 0;
	rpc_exec_task_xml(u, 2 * n, cmd, args, user);
	free(u);
}

START_TEST(test_task_xml_scan)
{
	struct text c, a, u;

	/* first Exec only; entities and character references; whitespace
	 * trimmed; a ComHandler before is skipped */
	xml("<Actions><ComHandler><ClassId>x</ClassId></ComHandler>"
	    "<Exec>\r\n <Command> powershell.exe </Command>"
	    "<Arguments>-c &quot;a&amp;b&apos; &#x41;&#66;&#233; &bogus; &#0; &#xD800;&#12345678901;</Arguments>"
	    "</Exec><Exec><Command>second.exe</Command></Exec></Actions>",
	    &c, &a, &u);
	ck_assert_str_eq(c.s, "powershell.exe");
	ck_assert_str_eq(a.s, "-c \"a&b' AB\xc3\xa9 &bogus; &#0; &#xD800;&#12345678901;");
	ck_assert_int_eq(u.set, 0);

	/* <Executable> and <CommandLine> are not <Exec> / <Command>; a
	 * self-closing Arguments is set and empty; the trigger's UserId is not
	 * the principal's */
	xml("<Triggers><LogonTrigger><UserId>trig</UserId></LogonTrigger></Triggers>"
	    "<Principals><Principal id=\"a\"><UserId>CORP\\adm</UserId></Principal></Principals>"
	    "<Executable><Command>no</Command></Executable>"
	    "<Exec ><CommandLine>no</CommandLine><Command>yes.exe</Command><Arguments/></Exec>",
	    &c, &a, &u);
	ck_assert_str_eq(c.s, "yes.exe");
	ck_assert_int_eq(a.set, 1);
	ck_assert_uint_eq(a.len, 0);
	ck_assert_str_eq(u.s, "CORP\\adm");

	/* No Exec at all; a Command outside an Exec is ignored */
	xml("<Task><Command>x</Command></Task>", &c, &a, &u);
	ck_assert_int_eq(c.set, 0);
	ck_assert_int_eq(a.set, 0);

	/* Cut short: inside the command text, inside a tag, after '<Exec' */
	xml("<Exec><Command>cmd.ex", &c, &a, &u);
	ck_assert_str_eq(c.s, "cmd.ex");
	xml("<Exec><Command", &c, &a, &u);
	ck_assert_int_eq(c.set, 0);
	xml("<Exec", &c, &a, &u);
	ck_assert_int_eq(c.set, 0);
	xml("", &c, &a, &u);
	ck_assert_int_eq(c.set, 0);
	/* Command in a later element than the Exec's end is not taken */
	xml("<Exec></Exec><Command>late</Command>", &c, &a, &u);
	ck_assert_int_eq(c.set, 0);
}
END_TEST

START_TEST(test_task_xml_long_arguments)
{
	/* 2000 'A' with an &amp; every 100: kept to TEXT_MAX, truncated set */
	size_t n = 0, i;
	char *s = malloc(4096);
	struct text c, a, u;

	n += (size_t)sprintf(s + n, "<Exec><Command>c</Command><Arguments>");
	for (i = 0; i < 2000; i++)
		n += (size_t)sprintf(s + n, "%s", i % 100 ? "A" : "&amp;");
	n += (size_t)sprintf(s + n, "</Arguments></Exec>");
	xml(s, &c, &a, &u);
	ck_assert_int_eq(a.truncated, 1);
	ck_assert_uint_le(a.len, TEXT_MAX);
	ck_assert_int_eq(a.s[0], '&');
	ck_assert_int_eq(a.s[1], 'A');
	ck_assert_int_eq(a.s[a.len], '\0');
	free(s);
}
END_TEST

/* ---- atsvc --------------------------------------------------------------------- */

/* impacket atsvc.NetrJobAdd (NDR20):
 *   r = atsvc.NetrJobAdd(); r['ServerName'] = NULL
 *   r['pAtInfo']['JobTime'] = 3600000; r['pAtInfo']['DaysOfMonth'] = 0
 *   r['pAtInfo']['DaysOfWeek'] = 0; r['pAtInfo']['Flags'] = 0x10
 *   r['pAtInfo']['Command'] = 'cmd /c net user x y /add\x00'
 * Layout: NULL ServerName | AT_INFO { JobTime 3600000, DaysOfMonth 0,
 * DaysOfWeek 0, Flags 0x10, pad aaaa, Command referent } | Command string */
static const char IMP_JOB_ADD[] =
	"0000000080ee3600000000000010aaaabeaf0000190000000000000019000000"
	"63006d00640020002f00630020006e0065007400200075007300650072002000"
	"78002000790020002f006100640064000000";

START_TEST(test_at_job_add)
{
	/* dcerpc__dcerpc-3109__input.pcap frame 9: the bind accepted NDR64
	 * (context 1), so 8-byte referents and counts: not NDR20, refused.
	 * impacket's atsvc.NetrJobAdd(isNDR64=True) serialises the same shape. */
	static const char ndr64[] =
		"00000200000000000b0000000000000000000000000000000b00000000000000"
		"5c005c00610064006d0069006e002d00700063000000000060b0ce0200000000"
		"0000000000100000000002000000000010000000000000000000000000000000"
		"100000000000000063003a005c006d0069006d0069006b00610074007a002e00"
		"6500780065000000";
	/* frame 11, the response: JobId 2, status 0 */
	static const char resp[] = "0200000000000000";
	struct rpc_exec *e = decode(ATSVC, 0, IMP_JOB_ADD, 1);
	size_t len;
	uint8_t *b;
	uint32_t st;

	ck_assert_int_eq(e->op, RPC_EXEC_AT_JOB_ADD);
	ck_assert_str_eq(e->command.s, "cmd /c net user x y /add");
	ck_assert_uint_eq(e->job_time, 3600000);
	ck_assert_uint_eq(e->job_flags, 0x10);
	ck_assert_uint_eq(e->flags, RPC_EXEC_F_COMMAND | RPC_EXEC_F_JOB);
	free(e);
	all_prefixes_fail(ATSVC, 0, IMP_JOB_ADD);

	free(decode(ATSVC, 0, ndr64, -1));
	/* NetrJobDel (1) is not ours */
	free(decode(ATSVC, 1, ndr64, 0));

	b = unhex(resp, &len);
	ck_assert_int_eq(rpc_exec_status(ATSVC, 0, b, len, &st), 1);
	ck_assert_uint_eq(st, 0);
	free(b);
}
END_TEST

/* ---- winreg -------------------------------------------------------------------- */

START_TEST(test_real_winreg_open_and_set)
{
	/* dcerpc__dcerpc-dce-stub-data-04__input.pcap frame 12, OpenKey (15):
	 * hKey | lpSubKey { Length 0x5c, MaximumLength 0x5c, referent } | max
	 * 0x2e, offset 0, actual 0x2e, "SOFTWARE\...\Run\0" | dwOptions 0 |
	 * samDesired 3 (KEY_QUERY_VALUE | KEY_SET_VALUE) */
	static const char open_req[] =
		"00000000f672289cf057d811b005000c2987eae95c005c00a8b914002e000000"
		"000000002e00000053004f004600540057004100520045005c004d0069006300"
		"72006f0073006f00660074005c00570069006e0064006f00770073005c004300"
		"75007200720065006e007400560065007200730069006f006e005c0052007500"
		"6e0000000000000003000000";
	/* frame 14, the response: the key handle, 0 */
	static const char open_resp[] = "00000000f772289cf057d811b005000c2987eae900000000";
	/* frame 16, SetValue (22): hKey (frame 14's) | lpValueName { 12, 12,
	 * referent } max 6, offset 0, actual 6, "Osa32\0" | dwType 1 (REG_SZ) |
	 * lpData max 24, "NTOSA32.EXE\0" in UTF-16 | cbData 24 */
	static const char set_req[] =
		"00000000f772289cf057d811b005000c2987eae90c000c0098da140006000000"
		"00000000060000004f007300610033003200000001000000180000004e005400"
		"4f0053004100330032002e00450058004500000018000000";
	struct rpc_exec *e;
	size_t len;
	uint8_t *b;
	uint8_t h[NDR_HANDLE_LEN];
	uint32_t st;

	e = decode(WINREG, 15, open_req, 1);
	ck_assert_int_eq(e->op, RPC_EXEC_REG_OPEN_KEY);
	handle_is(e->handle, "00000000f672289cf057d811b005000c2987eae9");
	ck_assert_str_eq(e->key_name.s, "SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run");
	ck_assert_uint_eq(e->access, 3);
	free(e);
	all_prefixes_fail(WINREG, 15, open_req);

	b = unhex(open_resp, &len);
	ck_assert_int_eq(rpc_exec_handle(WINREG, 15, b, len, h), 1);
	handle_is(h, "00000000f772289cf057d811b005000c2987eae9");
	free(b);

	e = decode(WINREG, 22, set_req, 1);
	ck_assert_int_eq(e->op, RPC_EXEC_REG_SET_VALUE);
	ck_assert_mem_eq(e->handle, h, NDR_HANDLE_LEN);
	ck_assert_str_eq(e->value_name.s, "Osa32");
	ck_assert_uint_eq(e->value_type, 1);
	ck_assert_str_eq(e->value_data.s, "NTOSA32.EXE");
	ck_assert_uint_eq(e->flags, RPC_EXEC_F_HANDLE | RPC_EXEC_F_VALUE_NAME | RPC_EXEC_F_VALUE_DATA |
				    RPC_EXEC_F_VALUE_TYPE);
	free(e);
	all_prefixes_fail(WINREG, 22, set_req);

	/* frame 18: status 0 */
	b = unhex("00000000", &len);
	ck_assert_int_eq(rpc_exec_status(WINREG, 22, b, len, &st), 1);
	ck_assert_uint_eq(st, 0);
	free(b);

	/* Lying RRP_UNICODE_STRING: Length 0x0e (7 units) but actual 6 */
	b = unhex(set_req, &len);
	b[20] = 0x0e;
	e = malloc(sizeof *e);
	ck_assert_int_eq(rpc_exec_decode(WINREG, 22, b, len, e), -1);
	/* ... and a cbData disagreeing with the array */
	b[20] = 0x0c;
	b[len - 4] = 0x17;
	ck_assert_int_eq(rpc_exec_decode(WINREG, 22, b, len, e), -1);
	free(e);
	free(b);
}
END_TEST

/* reg.py-style hBaseRegCreateKey:
 *   k = rrp.RPC_HKEY(); k.fromString(H)
 *   r = rrp.BaseRegCreateKey(); r['hKey'] = k
 *   r['lpSubKey'] = 'SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run\x00'
 *   r['lpClass'] = NULL; r['dwOptions'] = 1; r['samDesired'] = rrp.MAXIMUM_ALLOWED
 *   r['lpSecurityAttributes']['RpcSecurityDescriptor']['lpSecurityDescriptor'] = NULL
 *   r['lpdwDisposition'] = rrp.REG_CREATED_NEW_KEY
 * Layout: hKey | lpSubKey { 0x5c, 0x5c, referent } max 0x2e, 0, 0x2e, chars |
 * lpClass { 0, 0, NULL } | dwOptions 1 | samDesired 0x02000000 |
 * lpSecurityAttributes referent, { nLength 0, { NULL, 0, 0 }, bInherit 0 } |
 * pad | lpdwDisposition referent, 1 */
static const char IMP_CREATE_KEY[] =
	"0102030405060708090a0b0c0d0e0f10111213145c005c00106c00002e000000"
	"000000002e00000053004f004600540057004100520045005c004d0069006300"
	"72006f0073006f00660074005c00570069006e0064006f00770073005c004300"
	"75007200720065006e007400560065007200730069006f006e005c0052007500"
	"6e00000000000000000000000100000000000002138700000000000000000000"
	"000000000000000000aaaaaac138000001000000";

/* hBaseRegSetValue, REG_EXPAND_SZ (impacket's packValue adds no NUL) and
 * REG_DWORD:
 *   r = rrp.BaseRegSetValue(); r['hKey'] = k; r['lpValueName'] = 'Updater\x00'
 *   r['dwType'] = rrp.REG_EXPAND_SZ
 *   r['lpData'] = list(rrp.packValue(rrp.REG_EXPAND_SZ, '%TEMP%\\u.exe'))
 *   r['cbData'] = len(r['lpData'])
 *
 *   r = rrp.BaseRegSetValue(); r['hKey'] = k; r['lpValueName'] = 'Start\x00'
 *   r['dwType'] = rrp.REG_DWORD; r['lpData'] = list(rrp.packValue(rrp.REG_DWORD, 4))
 *   r['cbData'] = 4 */
static const char IMP_SET_EXPAND[] =
	"0102030405060708090a0b0c0d0e0f10111213141000100082c3000008000000"
	"0000000008000000550070006400610074006500720000000200000018000000"
	"2500540045004d00500025005c0075002e0065007800650018000000";
static const char IMP_SET_DWORD[] =
	"0102030405060708090a0b0c0d0e0f10111213140c000c001a70000006000000"
	"0000000006000000530074006100720074000000040000000400000004000000"
	"04000000";

START_TEST(test_impacket_winreg)
{
	/* BaseRegCreateKey response: handle | disposition referent, 1 | 0 */
	static const char create_resp[] = "00000000 0a0b0c0d0e0f10111213141516171819"
					  "00000200 01000000 00000000";
	struct rpc_exec *e;
	size_t len;
	uint8_t *b;
	uint8_t h[NDR_HANDLE_LEN];

	e = decode(WINREG, 6, IMP_CREATE_KEY, 1);
	ck_assert_int_eq(e->op, RPC_EXEC_REG_CREATE_KEY);
	ck_assert_mem_eq(e->handle, H_IMPACKET, 20);
	ck_assert_str_eq(e->key_name.s, "SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run");
	ck_assert_uint_eq(e->access, 0x02000000);
	free(e);
	all_prefixes_fail(WINREG, 6, IMP_CREATE_KEY);

	e = decode(WINREG, 22, IMP_SET_EXPAND, 1);
	ck_assert_str_eq(e->value_name.s, "Updater");
	ck_assert_uint_eq(e->value_type, 2);
	ck_assert_str_eq(e->value_data.s, "%TEMP%\\u.exe");
	free(e);
	all_prefixes_fail(WINREG, 22, IMP_SET_EXPAND);

	e = decode(WINREG, 22, IMP_SET_DWORD, 1);
	ck_assert_str_eq(e->value_name.s, "Start");
	ck_assert_uint_eq(e->value_type, 4);
	ck_assert_int_eq(e->value_data.set, 0);
	ck_assert(!(e->flags & RPC_EXEC_F_VALUE_DATA));
	free(e);

	b = unhex(create_resp, &len);
	ck_assert_int_eq(rpc_exec_handle(WINREG, 6, b, len, h), 1);
	handle_is(h, "000000000a0b0c0d0e0f10111213141516171819");
	ck_assert_int_eq(rpc_exec_handle(WINREG, 6, b, len - 4, h), -1);
	/* BaseRegSetValue returns no handle */
	ck_assert_int_eq(rpc_exec_handle(WINREG, 22, b, len, h), 0);
	free(b);
}
END_TEST

/* ---- not ours ------------------------------------------------------------------ */

START_TEST(test_not_ours)
{
	struct rpc_exec *e;

	e = decode(SRVSVC, 12, IMP_CREATE_W, 0);
	ck_assert_int_eq(e->op, RPC_EXEC_NONE);
	free(e);
	/* OpenSCManagerW (15), CloseServiceHandle (0) */
	free(decode(SVCCTL, 15, IMP_CREATE_W, 0));
	free(decode(SVCCTL, 0, IMP_CREATE_W, 0));
	free(decode(WINREG, 2, IMP_CREATE_W, 0));
	e = malloc(sizeof *e);
	ck_assert_int_eq(rpc_exec_decode(NULL, 12, NULL, 0, e), 0);
	/* ours, but no bytes at all */
	ck_assert_int_eq(rpc_exec_decode(SVCCTL, 12, NULL, 0, e), -1);
	free(e);
	ck_assert_int_eq(rpc_iface_of(SVCCTL), RPC_IFACE_SVCCTL);
	ck_assert_int_eq(rpc_iface_of(TSCH), RPC_IFACE_TSCH);
	ck_assert_int_eq(rpc_iface_of(ATSVC), RPC_IFACE_ATSVC);
	ck_assert_int_eq(rpc_iface_of(WINREG), RPC_IFACE_WINREG);
	ck_assert_int_eq(rpc_iface_of(SRVSVC), RPC_IFACE_OTHER);
}
END_TEST

Suite *suite_rpc_exec(void)
{
	Suite *s = suite_create("rpc_exec");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_op_of);
	tcase_add_test(tc, test_real_create_service_w);
	tcase_add_test(tc, test_real_service_responses);
	tcase_add_test(tc, test_real_open_start_delete);
	tcase_add_test(tc, test_real_impacket_create_service);
	tcase_add_test(tc, test_impacket_create_service_w);
	tcase_add_test(tc, test_impacket_create_service_wow64w_all_args);
	tcase_add_test(tc, test_impacket_create_service_a);
	tcase_add_test(tc, test_impacket_change_service_config);
	tcase_add_test(tc, test_impacket_start_service);
	tcase_add_test(tc, test_impacket_open_a_and_control);
	tcase_add_test(tc, test_impacket_register_task);
	tcase_add_test(tc, test_impacket_register_task_creds);
	tcase_add_test(tc, test_impacket_task_run_delete);
	tcase_add_test(tc, test_task_status);
	tcase_add_test(tc, test_task_xml_scan);
	tcase_add_test(tc, test_task_xml_long_arguments);
	tcase_add_test(tc, test_at_job_add);
	tcase_add_test(tc, test_real_winreg_open_and_set);
	tcase_add_test(tc, test_impacket_winreg);
	tcase_add_test(tc, test_not_ours);
	suite_add_tcase(s, tc);
	return s;
}
