/* rpc_names.c: Zeek's DCE/RPC endpoint and operation names.
 *
 * Expected names are those of zeek/zeek scripts/base/protocols/dce-rpc/
 * consts.zeek (uuid_endpoint_map, operations), as listed in
 * shared/ZEEK-LOGS.md section 6. The wire bytes of UUIDs come from BIND PDUs
 * in shared/pcaps (tshark dcerpc.cn_bind_to_uuid gives their text). */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "rpc_names.h"
#include "util.h"

static void uuid_of(const char *text, uint8_t u[16])
{
	ck_assert_int_eq(rpc_uuid_parse(text, u), 0);
}

static const char *ep(const char *text)
{
	uint8_t u[16];

	uuid_of(text, u);
	return rpc_endpoint_name(u);
}

static const char *op(const char *text, uint16_t opnum)
{
	uint8_t u[16];

	uuid_of(text, u);
	return rpc_operation_name(u, opnum);
}

START_TEST(test_tables_sorted)
{
	ck_assert_int_eq(rpc_names_check_sorted(), 0);
}
END_TEST

/* The abstract syntax of the BIND in 20-fids.pcap frame 24, bytes 32..47 of
 * the PDU; tshark: 12345778-1234-abcd-ef00-0123456789ac (SAMR). */
START_TEST(test_uuid_wire_order)
{
	size_t n;
	uint8_t *wire = unhex("785734123412cdabef000123456789ac", &n);
	char text[RPC_UUID_STR_LEN + 1];
	uint8_t back[16];

	ck_assert_uint_eq(n, 16);
	rpc_uuid_format(wire, text);
	ck_assert_str_eq(text, "12345778-1234-abcd-ef00-0123456789ac");
	ck_assert_int_eq(rpc_uuid_parse(text, back), 0);
	ck_assert(memcmp(back, wire, 16) == 0);
	ck_assert_str_eq(rpc_endpoint_name(wire), "samr");
	ck_assert_int_eq(rpc_uuid_parse("12345778-1234-ABCD-EF00-0123456789AC", back), 0);
	ck_assert(memcmp(back, wire, 16) == 0);
	free(wire);
}
END_TEST

START_TEST(test_uuid_parse_rejects)
{
	uint8_t u[16];

	ck_assert_int_eq(rpc_uuid_parse(NULL, u), -1);
	ck_assert_int_eq(rpc_uuid_parse("", u), -1);
	ck_assert_int_eq(rpc_uuid_parse("12345778-1234-abcd-ef00-0123456789a", u), -1);
	ck_assert_int_eq(rpc_uuid_parse("12345778-1234-abcd-ef00-0123456789acd", u), -1);
	ck_assert_int_eq(rpc_uuid_parse("12345778x1234-abcd-ef00-0123456789ac", u), -1);
	ck_assert_int_eq(rpc_uuid_parse("12345778-1234-abcd-ef00-0123456789ag", u), -1);
	ck_assert_int_eq(rpc_uuid_parse("123457781234-abcd-ef00-0123456789ac-", u), -1);
}
END_TEST

START_TEST(test_endpoints)
{
	ck_assert_str_eq(ep("367abb81-9844-35f1-ad32-98f038001003"), "svcctl");
	ck_assert_str_eq(ep("1ff70682-0a51-30e8-076d-740be8cee98b"), "atsvc");
	ck_assert_str_eq(ep("86d35949-83c9-4044-b424-db363231fd0c"), "ITaskSchedulerService");
	ck_assert_str_eq(ep("378e52b0-c0a9-11cf-822d-00aa0051e40f"), "sasec");
	ck_assert_str_eq(ep("338cd001-2244-31f1-aaaa-900038001003"), "winreg");
	ck_assert_str_eq(ep("4b324fc8-1670-01d3-1278-5a47bf6ee188"), "srvsvc");
	ck_assert_str_eq(ep("6bffd098-a112-3610-9833-46c3f87e345a"), "wkssvc");
	ck_assert_str_eq(ep("12345778-1234-abcd-ef00-0123456789ab"), "lsarpc");
	ck_assert_str_eq(ep("12345678-1234-abcd-ef00-01234567cffb"), "netlogon");
	ck_assert_str_eq(ep("e3514235-4b06-11d1-ab04-00c04fc2dcd2"), "drsuapi");
	ck_assert_str_eq(ep("e1af8308-5d1f-11c9-91a4-08002b14a0fa"), "epmapper");
	ck_assert_str_eq(ep("000001a0-0000-0000-c000-000000000046"), "IRemoteSCMActivator");
	ck_assert_str_eq(ep("f309ad18-d86a-11d0-a075-00c04fb68820"), "IWbemLevel1Login");
	ck_assert_str_eq(ep("9556dc99-828c-11cf-a37e-00aa003240c7"), "IWbemServices");
	ck_assert_str_eq(ep("82273fdc-e32a-18c3-3f78-827929dc23ea"), "eventlog");
	ck_assert_str_eq(ep("f6beaff7-1e19-4fbb-9f8f-b89e2018337c"), "IEventService"); /* even6 */
	ck_assert_str_eq(ep("12345678-1234-abcd-ef00-0123456789ab"), "spoolss");
	ck_assert_str_eq(ep("3919286a-b10c-11d0-9ba8-00c04fd92ef5"), "dssetup");
	ck_assert_str_eq(ep("c8cb7687-e6d3-11d2-a958-00c04f682e16"), "DAV RPC SERVICE");
	ck_assert_str_eq(ep("ccd8c074-d0e5-4a40-92b4-d074faa6ba28"), "Witness");
	/* unknown: the caller writes unknown-<uuid> */
	ck_assert_ptr_null(ep("00000000-0000-0000-0000-000000000000"));
	ck_assert_ptr_null(ep("367abb81-9844-35f1-ad32-98f038001004"));
	/* Zeek's upper-case key never matches a wire UUID, in Zeek or here */
	ck_assert_ptr_null(ep("541679ab-2e5f-11d3-b34e-00104bcc4b4a"));
}
END_TEST

START_TEST(test_operations)
{
	const char *svcctl = "367abb81-9844-35f1-ad32-98f038001003";
	const char *tsch = "86d35949-83c9-4044-b424-db363231fd0c";

	ck_assert_str_eq(op(svcctl, 0), "CloseServiceHandle");
	ck_assert_str_eq(op(svcctl, 12), "CreateServiceW");
	ck_assert_str_eq(op(svcctl, 15), "OpenSCManagerW");
	ck_assert_str_eq(op(svcctl, 19), "StartServiceW");
	ck_assert_str_eq(op(svcctl, 54), "ScOpenServiceStatusHandle");
	ck_assert_ptr_null(op(svcctl, 55));
	ck_assert_str_eq(op(svcctl, 56), "QueryServiceConfigEx");
	ck_assert_ptr_null(op(svcctl, 57));
	ck_assert_str_eq(op(svcctl, 60), "CreateWowService");
	ck_assert_str_eq(op(svcctl, 64), "OpenSCManager2");
	ck_assert_ptr_null(op(svcctl, 65));
	ck_assert_ptr_null(op(svcctl, 0xffff));
	ck_assert_str_eq(op(tsch, 1), "SchRpcRegisterTask");
	ck_assert_str_eq(op(tsch, 12), "SchRpcRun");
	ck_assert_str_eq(op(tsch, 19), "SchRpcEnableTask");
	ck_assert_ptr_null(op(tsch, 20));
	ck_assert_str_eq(op("1ff70682-0a51-30e8-076d-740be8cee98b", 0), "NetrJobAdd");
	ck_assert_str_eq(op("378e52b0-c0a9-11cf-822d-00aa0051e40f", 3), "SAGetAccountInformation");
	ck_assert_str_eq(op("338cd001-2244-31f1-aaaa-900038001003", 6), "BaseRegCreateKey");
	ck_assert_str_eq(op("338cd001-2244-31f1-aaaa-900038001003", 22), "BaseRegSetValue");
	ck_assert_str_eq(op("338cd001-2244-31f1-aaaa-900038001003", 35), "BaseRegDeleteKeyEx");
	ck_assert_str_eq(op("4b324fc8-1670-01d3-1278-5a47bf6ee188", 12), "NetrSessionEnum");
	ck_assert_str_eq(op("4b324fc8-1670-01d3-1278-5a47bf6ee188", 15), "NetrShareEnum");
	ck_assert_ptr_null(op("4b324fc8-1670-01d3-1278-5a47bf6ee188", 54));
	ck_assert_str_eq(op("4b324fc8-1670-01d3-1278-5a47bf6ee188", 57), "NetrShareDelEx");
	ck_assert_str_eq(op("12345778-1234-abcd-ef00-0123456789ac", 64), "SamrConnect5");
	ck_assert_str_eq(op("12345778-1234-abcd-ef00-0123456789ab", 45), "LsarGetUserName");
	ck_assert_str_eq(op("3919286a-b10c-11d0-9ba8-00c04fd92ef5", 0), "DsRolerGetPrimaryDomainInformation");
	ck_assert_str_eq(op("e3514235-4b06-11d1-ab04-00c04fc2dcd2", 3), "DRSGetNCChanges");
	ck_assert_str_eq(op("e1af8308-5d1f-11c9-91a4-08002b14a0fa", 3), "ept_map");
	ck_assert_str_eq(op("000001a0-0000-0000-c000-000000000046", 4), "RemoteCreateInstance");
	ck_assert_ptr_null(op("9556dc99-828c-11cf-a37e-00aa003240c7", 2));
	ck_assert_str_eq(op("9556dc99-828c-11cf-a37e-00aa003240c7", 24), "ExecMethod");
	ck_assert_str_eq(op("f309ad18-d86a-11d0-a075-00c04fb68820", 6), "NTLMLogin");
	ck_assert_str_eq(op("6bffd098-a112-3610-9833-46c3f87e345a", 0), "NetrWkstaGetInfo");
	ck_assert_str_eq(op("12345678-1234-abcd-ef00-01234567cffb", 26), "NetrServerAuthenticate3");
	ck_assert_str_eq(op("82273fdc-e32a-18c3-3f78-827929dc23ea", 24), "ElfrReportEventAndSourceW");
	ck_assert_str_eq(op("12345678-1234-abcd-ef00-0123456789ab", 69), "RpcSplOpenPrinter");
	/* an endpoint Zeek names but without operations */
	ck_assert_ptr_null(op("c8cb7687-e6d3-11d2-a958-00c04f682e16", 0));
	ck_assert_ptr_null(op("00000000-0000-0000-0000-000000000000", 0));
}
END_TEST

Suite *suite_rpc_names(void)
{
	Suite *s = suite_create("rpc_names");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_tables_sorted);
	tcase_add_test(tc, test_uuid_wire_order);
	tcase_add_test(tc, test_uuid_parse_rejects);
	tcase_add_test(tc, test_endpoints);
	tcase_add_test(tc, test_operations);
	suite_add_tcase(s, tc);
	return s;
}
