/* DCE/RPC interface and operation names, as Zeek's DCE_RPC::uuid_endpoint_map
 * and DCE_RPC::operations (scripts/base/protocols/dce-rpc/consts.zeek) give
 * them, so dce_rpc.log endpoint/operation columns match Zeek's. The names are
 * data copied from that table; svcctl and ITaskSchedulerService include the
 * later opnums (55-64, 18-19) of the current table. Zeek's one key written in
 * upper case (541679AB-..., IWbemLoginHelper) is left out: Zeek compares the
 * lower-case text of the wire UUID, so it never matches there either.
 *
 * Both tables are sorted by the UUID text and searched with bsearch; the unit
 * test checks the order. */
#include <stdlib.h>
#include <string.h>

#include "reader.h"
#include "rpc_names.h"

struct endpoint {
	const char *uuid;
	const char *name;
};

struct iface_ops {
	const char *uuid;
	const char *const *ops; /* indexed by opnum; NULL where Zeek has no name */
	uint16_t nops;
};

static const struct endpoint endpoints[] = {
	{ "00000000-0000-0000-c000-000000000046", "IUnknown" },
	{ "00000131-0000-0000-c000-000000000046", "IRemUnknown" },
	{ "00000143-0000-0000-c000-000000000046", "IRemUnknown2" },
	{ "000001a0-0000-0000-c000-000000000046", "IRemoteSCMActivator" },
	{ "00020400-0000-0000-c000-000000000046", "IDispatch" },
	{ "00020401-0000-0000-c000-000000000046", "ITypeInfo" },
	{ "00020402-0000-0000-c000-000000000046", "ITypeLib" },
	{ "00020403-0000-0000-c000-000000000046", "ITypeComp" },
	{ "00020404-0000-0000-c000-000000000046", "IEnumVARIANT" },
	{ "00020411-0000-0000-c000-000000000046", "ITypeLib2" },
	{ "00020412-0000-0000-c000-000000000046", "ITypeInfo2" },
	{ "01954e6b-9254-4e6e-808c-c9e05d007696", "IVssEnumMgmtObject" },
	{ "027947e1-d731-11ce-a357-000000000001", "IEnumWbemClassObject interface" },
	{ "034634fd-ba3f-11d1-856a-00a0c944138c", "IManageTelnetSessions" },
	{ "038374ff-098b-11d8-9414-505054503030", "IDataCollector" },
	{ "03837502-098b-11d8-9414-505054503030", "IDataCollectorCollection" },
	{ "03837506-098b-11d8-9414-505054503030", "IPerformanceCounterDataCollector" },
	{ "0383750b-098b-11d8-9414-505054503030", "ITraceDataCollector" },
	{ "03837510-098b-11d8-9414-505054503030", "ITraceDataProviderCollection" },
	{ "03837512-098b-11d8-9414-505054503030", "ITraceDataProvider" },
	{ "03837514-098b-11d8-9414-505054503030", "IConfigurationDataCollector" },
	{ "03837516-098b-11d8-9414-505054503030", "IAlertDataCollector" },
	{ "0383751a-098b-11d8-9414-505054503030", "IApiTracingDataCollector" },
	{ "03837520-098b-11d8-9414-505054503030", "IDataCollectorSet" },
	{ "03837524-098b-11d8-9414-505054503030", "IDataCollectorSetCollection" },
	{ "03837533-098b-11d8-9414-505054503030", "IValueMapItem" },
	{ "03837534-098b-11d8-9414-505054503030", "IValueMap" },
	{ "0383753a-098b-11d8-9414-505054503030", "ISchedule" },
	{ "0383753d-098b-11d8-9414-505054503030", "IScheduleCollection" },
	{ "03837541-098b-11d8-9414-505054503030", "IDataManager" },
	{ "03837543-098b-11d8-9414-505054503030", "IFolderAction" },
	{ "03837544-098b-11d8-9414-505054503030", "IFolderActionCollection" },
	{ "081e7188-c080-4ff3-9238-29f66d6cabfd", "IMessenger" },
	{ "0a74ef1c-41a4-4e06-83ae-dc74fb1cdd53", "idletask" },
	{ "0b1c2170-5732-4e0e-8cd3-d9b16f3b84d7", "authzr" },
	{ "0b6edbfa-4a24-4fc6-8a23-942b1eca65d1", "IRPCAsyncNotify" },
	{ "0d72a7d4-6148-11d1-b4aa-00c04fb66ea0", "ICertProtect" },
	{ "1088a980-eae5-11d0-8d9b-00a02453c337", "qm2qm" },
	{ "112b1dff-d9dc-41f7-869f-d67fee7cb591", "ITpmVirtualSmartCardManager" },
	{ "11899a43-2b68-4a76-92e3-a3d6ad8c26ce", "TermServNotification" },
	{ "12345678-1234-abcd-ef00-0123456789ab", "spoolss" },
	{ "12345678-1234-abcd-ef00-01234567cffb", "netlogon" },
	{ "12345778-1234-abcd-ef00-0123456789ab", "lsarpc" },
	{ "12345778-1234-abcd-ef00-0123456789ac", "samr" },
	{ "1257b580-ce2f-4109-82d6-a9459d0bf6bc", "SessEnvPublicRpc" },
	{ "12b81e99-f207-4a4c-85d3-77b42f76fd14", "ISeclogon" },
	{ "135698d2-3a37-4d26-99df-e2bb6ae3ac61", "IVolumeClient3" },
	{ "1544f5e0-613c-11d1-93df-00c04fd7bd09", "exchange_rfr" },
	{ "17fdd703-1827-4e34-79d4-24a55c53bb37", "msgsvc" },
	{ "1a1bb35f-abb8-451c-a1ae-33d98f1bef4a", "ITpmVirtualSmartCardManagerStatusCallback" },
	{ "1a9134dd-7b39-45ba-ad88-44d01ca47f28", "RemoteRead" },
	{ "1a927394-352e-4553-ae3f-7cf4aafca620", "WdsRpcInterface" },
	{ "1c1c45ee-4395-11d2-b60b-00104b703efd", "IWbemFetchSmartEnum interface" },
	{ "1ff70682-0a51-30e8-076d-740be8cee98b", "atsvc" },
	{ "20610036-fa22-11cf-9823-00a0c911e5df", "rasrpc" },
	{ "20d15747-6c48-4254-a358-65039fd8c63c", "IServerHealthReport2" },
	{ "214a0f28-b737-4026-b847-4f9e37d79529", "IVssDifferentialSoftwareSnapshotMgmt" },
	{ "21546ae8-4da5-445e-987f-627fea39c5e8", "IWRMConfig" },
	{ "22e5386d-8b12-4bf0-b0ec-6a1ea419e366", "NetEventForwarder" },
	{ "29822ab7-f302-11d0-9953-00c04fd919c1", "IWamAdmin" },
	{ "29822ab8-f302-11d0-9953-00c04fd919c1", "IWamAdmin2" },
	{ "2a3eb639-d134-422d-90d8-aaa1b5216202", "IResourceManager2" },
	{ "2c9273e0-1dc3-11d3-b364-00105a1f8177", "IWbemRefreshingServices interface" },
	{ "2f59a331-bf7d-48cb-9ec5-7c090d76e8b8", "lcrpc" },
	{ "2f5f3220-c126-1076-b549-074d078619da", "nddeapi" },
	{ "2f5f6520-ca46-1067-b319-00dd010662da", "tapsrv" },
	{ "2f5f6521-ca47-1068-b319-00dd010662db", "remotesp" },
	{ "300f3532-38cc-11d0-a3f0-0020af6b0add", "trkwks" },
	{ "338cd001-2244-31f1-aaaa-900038001003", "winreg" },
	{ "342cfd40-3c6c-11ce-a893-08002b2e9c6d", "llsrpc" },
	{ "367abb81-9844-35f1-ad32-98f038001003", "svcctl" },
	{ "378e52b0-c0a9-11cf-822d-00aa0051e40f", "sasec" },
	{ "3919286a-b10c-11d0-9ba8-00c04fd92ef5", "dssetup" },
	{ "3a410f21-553f-11d1-8e5e-00a0c92c9d5d", "IDMRemoteServer" },
	{ "3bbed8d9-2c9a-4b21-8936-acb2f995be6c", "INtmsObjectManagement3" },
	{ "3c4728c5-f0ab-448b-bda1-6ce01eb0a6d5", "RpcSrvDHCPC" },
	{ "3c4728c5-f0ab-448b-bda1-6ce01eb0a6d6", "dhcpcsvc6" },
	{ "3c745a97-f375-4150-be17-5950f694c699", "ITpmVirtualSmartCardManager3" },
	{ "3d267954-eeb7-11d1-b94e-00c04fa3080d", "HydraLsPipe" },
	{ "3dde7c30-165d-11d1-ab8f-00805f14db40", "BackupKey" },
	{ "3faf4738-3a21-4307-b46c-fdda9bb8c0d5", "AudioSrv" },
	{ "41208ee0-e970-11d1-9b9e-00e02c064c39", "qmmgmt" },
	{ "423ec01e-2e35-11d2-b604-00104b703efd", "IWbemWCOSmartEnum interface" },
	{ "44aca674-e8fc-11d0-a07c-00c04fb68820", "IWbemContext interface" },
	{ "44aca675-e8fc-11d0-a07c-00c04fb68820", "IWbemCallResult interface" },
	{ "44e265dd-7daf-42cd-8560-3cdb6e7a2729", "TsProxyRpcInterface" },
	{ "4590f812-1d3a-11d0-891f-00aa004b2e24", "IWbemClassObject unmarshaler" },
	{ "45f52c28-7f9f-101a-b52b-08002b2efabe", "winspipe" },
	{ "481e06cf-ab04-4498-8ffe-124a0a34296d", "IWRMCalendar" },
	{ "484809d6-4239-471b-b5bc-61df8c23ac48", "TermSrvSession" },
	{ "497d95a6-2d27-4bf5-9bbd-a6046957133c", "RCMListener" },
	{ "4b112204-0e19-11d3-b42b-0000f81feb9f", "ssdpsrv" },
	{ "4b324fc8-1670-01d3-1278-5a47bf6ee188", "srvsvc" },
	{ "4bb8ab1d-9ef9-4100-8eb6-dd4b4e418b72", "IADProxy" },
	{ "4bdafc52-fe6a-11d2-93f8-00105a11164a", "IVolumeClient2" },
	{ "4d9f4ab8-7d1c-11cf-861e-0020af6e7c57", "IActivation" },
	{ "4da1c422-943d-11d1-acae-00c04fc2aa3f", "trksvr" },
	{ "4e934f30-341a-11d1-8fb1-00a024cb6019", "INtmsLibraryControl1" },
	{ "4f7ca01c-a9e5-45b6-b142-2332a1339c1d", "IWRMAccounting" },
	{ "4fc742e0-4a10-11cf-8273-00aa004ae673", "netdfs" },
	{ "50abc2a4-574d-40b3-9d66-ee4fd5fba076", "dnsserver" },
	{ "51c82175-844e-4750-b0d8-ec255555bc06", "KMS" },
	{ "5261574a-4572-206e-b268-6b199213b4e4", "AsyncEMSMDB" },
	{ "53b46b02-c73b-4a3e-8dee-b16b80672fc0", "TSVIPPublic" },
	{ "5422fd3a-d4b8-4cef-a12e-e87d4ca22e90", "ICertRequestD2" },
	{ "57674cd0-5200-11ce-a897-08002b2e9c6d", "lls_license" },
	{ "59602eb6-57b0-4fd8-aa4b-ebf06971fe15", "IWRMPolicy" },
	{ "5a7b91f8-ff00-11d0-a9b2-00c04fb6e6fc", "msgsvcsend" },
	{ "5b821720-f63b-11d0-aad2-00c04fc324db", "dhcpsrv2" },
	{ "5ca4a760-ebb1-11cf-8611-00a0245420ed", "winstation_rpc" },
	{ "5ff9bdf6-bd91-4d8b-a614-d6317acc8dd8", "IRemoteSstpCertCheck" },
	{ "6099fc12-3eff-11d0-abd0-00c04fd91a4e", "faxclient" },
	{ "6139d8a4-e508-4ebb-bac7-d7f275145897", "IRemoteIPV6Config" },
	{ "6619a740-8154-43be-a186-0319578e02db", "IRemoteDispatch" },
	{ "66a2db1b-d706-11d0-a37b-00c04fc9da04", "IRemoteNetworkConfig" },
	{ "66a2db20-d706-11d0-a37b-00c04fc9da04", "IRemoteRouterRestart" },
	{ "66a2db21-d706-11d0-a37b-00c04fc9da04", "IRemoteSetDnsConfig" },
	{ "66a2db22-d706-11d0-a37b-00c04fc9da04", "IRemoteICFICSConfig" },
	{ "674b6698-ee92-11d0-ad71-00c04fd8fdff", "IWbemContext unmarshaler" },
	{ "67e08fc2-2984-4b62-b92e-fc1aae64bbbb", "IRemoteStringIdConfig" },
	{ "68b58241-c259-4f03-a2e5-a2651dcbc930", "IKeySvc2" },
	{ "69ab7050-3059-11d1-8faf-00a024cb6019", "INtmsObjectInfo1" },
	{ "6b5bdd1e-528c-422c-af8c-a4079be4fe48", "RemoteFW" },
	{ "6bffd098-a112-3610-9833-012892020162", "browser" },
	{ "6bffd098-a112-3610-9833-46c3f874532d", "dhcpsrv" },
	{ "6bffd098-a112-3610-9833-46c3f87e345a", "wkssvc" },
	{ "708cca10-9569-11d1-b2a5-0060977d8118", "dscomm2" },
	{ "70b51430-b6ca-11d0-b9b9-00a0c922e750", "IMSAdminBaseW" },
	{ "76d12b80-3467-11d3-91ff-0090272f9ea3", "qmcomm2" },
	{ "76f03f96-cdfd-44fc-a22c-64950a001209", "IRemoteWinspool" },
	{ "77df7a80-f298-11d0-8358-00a024c480a8", "dscomm" },
	{ "784b693d-95f3-420b-8126-365c098659f2", "IOCSPAdminD" },
	{ "7c44d7d4-31d5-424c-bd5e-2b3e1f323d22", "dsaop" },
	{ "7c4e1804-e342-483d-a43e-a850cfcc8d18", "IIISApplicationAdmin" },
	{ "7c857801-7381-11cf-884d-00aa004b2e24", "IWbemObjectSink interface" },
	{ "7d07f313-a53f-459a-bb12-012c15b1846e", "IRobustNtmsMediaServices1" },
	{ "7fe0d935-dda6-443f-85d0-1cfb58fe41dd", "ICertAdminD2" },
	{ "811109bf-a4e1-11d1-ab54-00a0c91e9b45", "winsi2" },
	{ "8165b19e-8d3a-4d0b-80c8-97de310db583", "IServicedComponentInfo" },
	{ "82273fdc-e32a-18c3-3f78-827929dc23ea", "eventlog" },
	{ "8298d101-f992-43b7-8eca-5052d885b995", "IMSAdminBase2W" },
	{ "82ad4280-036b-11cf-972c-00aa006887b0", "inetinfo" },
	{ "833e4100-aff7-4ac3-aac2-9f24c1457bce", "IPCHCollection" },
	{ "833e41aa-aff7-4ac3-aac2-9f24c1457bce", "ISAFSession" },
	{ "833e4200-aff7-4ac3-aac2-9f24c1457bce", "IPCHService" },
	{ "83da7c00-e84f-11d2-9807-00c04f8ec850", "sfcapi" },
	{ "86d35949-83c9-4044-b424-db363231fd0c", "ITaskSchedulerService" },
	{ "879c8bbe-41b0-11d1-be11-00c04fb6bf70", "IClientSink" },
	{ "88143fd0-c28d-4b2b-8fef-8d882f6a9390", "TermServEnumeration" },
	{ "894de0c0-0d55-11d3-a322-00c04fa321a1", "InitShutdown" },
	{ "895a2c86-270d-489d-a6c0-dc2a9b35280e", "INtmsObjectManagement2" },
	{ "897e2e5f-93f3-4376-9c9c-fd2277495c27", "FrsTransport" },
	{ "8d0ffe72-d252-11d0-bf8f-00c04fd9126b", "IKeySvc" },
	{ "8d9f4e40-a03d-11ce-8f69-08003e30051b", "pnp" },
	{ "8da03f40-3419-11d1-8fb1-00a024cb6019", "INtmsSession1" },
	{ "8f09f000-b7ed-11ce-bbd2-00001a181cad", "dimsvc" },
	{ "8fb6d884-2388-11d0-8c35-00c04fda2795", "W32Time" },
	{ "906b0ce0-c70b-1067-b317-00dd010662da", "IXnRemote" },
	{ "91ae6020-9e3c-11cf-8d7c-00aa00c091be", "ICertPassage" },
	{ "943991a5-b3fe-41fa-9696-7f7b656ee34b", "IWRMMachineGroup" },
	{ "9556dc99-828c-11cf-a37e-00aa003240c7", "IWbemServices" },
	{ "99fcfec4-5260-101b-bbcb-00aa0021347a", "IObjectExporter" },
	{ "9a653086-174f-11d2-b5f9-00104b703efd", "IWbemClassObject interface" },
	{ "a359dec5-e813-4834-8a2a-ba7f1d777d76", "IWbemBackupRestoreEx interface" },
	{ "a4f1db00-ca47-1067-b31f-00dd010662da", "exchange_mapi" },
	{ "a8e0653c-2744-4389-a61d-7373df8b2292", "FileServerVssAgent" },
	{ "ae1c7110-2f60-11d3-8a39-00c04f72d8e3", "IVssEnumObject" },
	{ "ae33069b-a2a8-46ee-a235-ddfd339be281", "IRPCRemoteObject" },
	{ "afa8bd80-7d8a-11c9-bef4-08002b102989", "mgmt" },
	{ "afc07e2e-311c-4435-808c-c483ffeec7c9", "lsacap" },
	{ "b057dc50-3059-11d1-8faf-00a024cb6019", "INtmsObjectManagement1" },
	{ "b9785960-524f-11df-8b6d-83dcded72085", "ISDKey" },
	{ "b97db8b2-4c63-11cf-bff6-08002be23f2f", "clusapi" },
	{ "bb39332c-bfee-4380-ad8a-badc8aff5bb6", "INtmsNotifySink" },
	{ "bc681469-9dd9-4bf4-9b3d-709f69efe431", "IWRMResourceGroup" },
	{ "bd0c73bc-805b-4043-9c30-9a28d64dd7d2", "IIISCertObj" },
	{ "bde95fdf-eee0-45de-9e12-e5a61cd0d4fe", "RCMPublic" },
	{ "c386ca3e-9061-4a72-821e-498d83be188f", "AudioRpc" },
	{ "c3fcc19e-a970-11d2-8b5a-00a0c9b7c9c4", "IManagedObject" },
	{ "c49e32c6-bc8b-11d2-85d4-00105a1f8304", "IWbemBackupRestoreEx interface" },
	{ "c49e32c7-bc8b-11d2-85d4-00105a1f8304", "IWbemBackupRestore interface" },
	{ "c4b0c7d9-abe0-4733-a1e1-9fdedf260c7a", "IADProxy2" },
	{ "c5cebee2-9df5-4cdd-a08c-c2471bc144b4", "IResourceManager" },
	{ "c681d488-d850-11d0-8c52-00c04fd90f7e", "efsrpc2" },
	{ "c8cb7687-e6d3-11d2-a958-00c04f682e16", "DAV RPC SERVICE" },
	{ "ccd8c074-d0e5-4a40-92b4-d074faa6ba28", "Witness" },
	{ "d02e4be0-3419-11d1-8fb1-00a024cb6019", "INtmsMediaServices1" },
	{ "d049b186-814f-11d1-9a3c-00c04fc9b232", "NtFrsApi" },
	{ "d2d79df5-3400-11d0-b40b-00aa005ff586", "IVolumeClient" },
	{ "d2d79df7-3400-11d0-b40b-00aa005ff586", "IDMNotify" },
	{ "d3fbb514-0e3b-11cb-8fad-08002b1d29c3", "NsiC" },
	{ "d4781cd6-e5d3-44df-ad94-930efe48a887", "IWbemLoginClientID" },
	{ "d61a27c6-8f53-11d0-bfa0-00a024151983", "CNtmsSvr" },
	{ "d6d70ef0-0e3b-11cb-acc3-08002b1d29c3", "NsiS" },
	{ "d6d70ef0-0e3b-11cb-acc3-08002b1d29c4", "NsiM" },
	{ "d95afe70-a6d5-4259-822e-2c84da1ddb0d", "WindowsShutdown" },
	{ "d99e6e70-fc88-11d0-b498-00a0c90312f3", "ICertRequestD" },
	{ "d99e6e71-fc88-11d0-b498-00a0c90312f3", "ICertAdminD" },
	{ "da5a86c5-12c2-4943-ab30-7f74a813d853", "PerflibV2" },
	{ "db90832f-6910-4d46-9f5e-9fd6bfa73903", "INtmsLibraryControl2" },
	{ "dc12a681-737f-11cf-884d-00aa004b2e24", "IWbemClassObject interface" },
	{ "deb01010-3a37-4d26-99df-e2bb6ae3ac61", "IVolumeClient4" },
	{ "df1941c5-fe89-4e79-bf10-463657acf44d", "efsrpc" },
	{ "e1af8308-5d1f-11c9-91a4-08002b14a0fa", "epmapper" },
	{ "e33c0cc4-0482-101a-bc0c-02608c6ba218", "locator" },
	{ "e3514235-4b06-11d1-ab04-00c04fc2dcd2", "drsuapi" },
	{ "e3d0d746-d2af-40fd-8a7a-0d7078bb7092", "BitsPeerAuth" },
	{ "e65e8028-83e8-491b-9af7-aaf6bd51a0ce", "IServerHealthReport" },
	{ "e8fb8620-588f-11d2-9d61-00c04f79c5fe", "IIisServiceControl" },
	{ "ea0a3165-4834-11d2-a6f8-00c04fa346cc", "fax" },
	{ "f120a684-b926-447f-9df4-c966cb785648", "IRASrv" },
	{ "f1e9c5b2-f59b-11d2-b362-00105a1f8177", "IWbemRemoteRefresher interface" },
	{ "f309ad18-d86a-11d0-a075-00c04fb68820", "IWbemLevel1Login" },
	{ "f31931a9-832d-481c-9503-887a0e6a79f0", "IWRMProtocol" },
	{ "f50aac00-c7f3-428e-a022-a6b71bfb9d43", "ICatDBSvc" },
	{ "f5cc59b4-4264-101a-8c59-08002b2f8426", "FrsRpc" },
	{ "f5cc5a18-4264-101a-8c59-08002b2f8426", "nspi" },
	{ "f612954d-3b0b-4c56-9563-227b7be624b4", "IMSAdminBase3W" },
	{ "f6beaff7-1e19-4fbb-9f8f-b89e2018337c", "IEventService" },
	{ "fa7df749-66e7-4986-a27f-e2f04ae53772", "IVssSnapshotMgmt" },
	{ "fc910418-55ca-45ef-b264-83d4ce7d30e0", "IWRMRemoteSessionMgmt" },
	{ "fdb3a030-065f-11d1-bb9b-00a024ea5525", "qmcomm" },
	{ "fdf8a2b9-02de-47f4-bc26-aa85ab5e5267", "ITpmVirtualSmartCardManager2" },
};

/* IRemUnknown2 00000143-0000-0000-c000-000000000046 */
static const char *const ops_IRemUnknown2[] = {
	[0] = "QueryInterface",
	[1] = "AddRef",
	[2] = "Release",
	[3] = "RemQueryInterface",
	[4] = "RemAddRef",
	[5] = "RemRelease",
	[6] = "RemQueryInterface2",
};

/* IRemoteSCMActivator 000001a0-0000-0000-c000-000000000046 */
static const char *const ops_IRemoteSCMActivator[] = {
	[0] = "QueryInterfaceIRemoteSCMActivator",
	[1] = "AddRefIRemoteISCMActivator",
	[2] = "ReleaseIRemoteISCMActivator",
	[3] = "RemoteGetClassObject",
	[4] = "RemoteCreateInstance",
};

/* idletask 0a74ef1c-41a4-4e06-83ae-dc74fb1cdd53 */
static const char *const ops_idletask[] = {
	[0] = "ItSrvRegisterIdleTask",
	[1] = "ItSrvUnregisterIdleTask",
	[2] = "ItSrvProcessIdleTasks",
	[3] = "ItSrvSetDetectionParameters",
};

/* spoolss 12345678-1234-abcd-ef00-0123456789ab */
static const char *const ops_spoolss[] = {
	[0] = "RpcEnumPrinters",
	[1] = "RpcOpenPrinter",
	[2] = "RpcSetJob",
	[3] = "RpcGetJob",
	[4] = "RpcEnumJobs",
	[5] = "RpcAddPrinter",
	[6] = "RpcDeletePrinter",
	[7] = "RpcSetPrinter",
	[8] = "RpcGetPrinter",
	[9] = "RpcAddPrinterDriver",
	[10] = "RpcEnumPrinterDrivers",
	[11] = "RpcGetPrinterDriver",
	[12] = "RpcGetPrinterDriverDirectory",
	[13] = "RpcDeletePrinterDriver",
	[14] = "RpcAddPrintProcessor",
	[15] = "RpcEnumPrintProcessors",
	[16] = "RpcGetPrintProcessorDirectory",
	[17] = "RpcStartDocPrinter",
	[18] = "RpcStartPagePrinter",
	[19] = "RpcWritePrinter",
	[20] = "RpcEndPagePrinter",
	[21] = "RpcAbortPrinter",
	[22] = "RpcReadPrinter",
	[23] = "RpcEndDocPrinter",
	[24] = "RpcAddJob",
	[25] = "RpcScheduleJob",
	[26] = "RpcGetPrinterData",
	[27] = "RpcSetPrinterData",
	[28] = "RpcWaitForPrinterChange",
	[29] = "RpcClosePrinter",
	[30] = "RpcAddForm",
	[31] = "RpcDeleteForm",
	[32] = "RpcGetForm",
	[33] = "RpcSetForm",
	[34] = "RpcEnumForms",
	[35] = "RpcEnumPorts",
	[36] = "RpcEnumMonitors",
	[37] = "RpcAddPort",
	[38] = "RpcConfigurePort",
	[39] = "RpcDeletePort",
	[40] = "RpcCreatePrinterIC",
	[41] = "RpcPlayGdiScriptOnPrinterIC",
	[42] = "RpcDeletePrinterIC",
	[43] = "RpcAddPrinterConnection",
	[44] = "RpcDeletePrinterConnection",
	[45] = "RpcPrinterMessageBox",
	[46] = "RpcAddMonitor",
	[47] = "RpcDeleteMonitor",
	[48] = "RpcDeletePrintProcessor",
	[49] = "RpcAddPrintProvidor",
	[50] = "RpcDeletePrintProvidor",
	[51] = "RpcEnumPrintProcessorDatatypes",
	[52] = "RpcResetPrinter",
	[53] = "RpcGetPrinterDriver2",
	[54] = "RpcClientFindFirstPrinterChangeNotification",
	[55] = "RpcFindNextPrinterChangeNotification",
	[56] = "RpcFindClosePrinterChangeNotification",
	[57] = "RpcRouterFindFirstPrinterChangeNotificationOld",
	[58] = "RpcReplyOpenPrinter",
	[59] = "RpcRouterReplyPrinter",
	[60] = "RpcReplyClosePrinter",
	[61] = "RpcAddPortEx",
	[62] = "RpcRemoteFindFirstPrinterChangeNotification",
	[63] = "RpcSpoolerInit",
	[64] = "RpcResetPrinterEx",
	[65] = "RpcRemoteFindFirstPrinterChangeNotificationEx",
	[66] = "RpcRouterReplyPrinterEx",
	[67] = "RpcRouterRefreshPrinterChangeNotification",
	[68] = "RpcSetAllocFailCount",
	[69] = "RpcSplOpenPrinter",
	[70] = "RpcAddPrinterEx",
	[71] = "RpcSetPort",
	[72] = "RpcEnumPrinterData",
	[73] = "RpcDeletePrinterData",
	[74] = "RpcClusterSplOpen",
	[75] = "RpcClusterSplClose",
	[76] = "RpcClusterSplIsAlive",
	[77] = "RpcSetPrinterDataEx",
	[78] = "RpcGetPrinterDataEx",
	[79] = "RpcEnumPrinterDataEx",
	[80] = "RpcEnumPrinterKey",
	[81] = "RpcDeletePrinterDataEx",
	[82] = "RpcDeletePrinterKey",
	[83] = "RpcSeekPrinter",
	[84] = "RpcDeletePrinterDriverEx",
	[85] = "RpcAddPerMachineConnection",
	[86] = "RpcDeletePerMachineConnection",
	[87] = "RpcEnumPerMachineConnections",
	[88] = "RpcXcvData",
	[89] = "RpcAddPrinterDriverEx",
	[90] = "RpcSplOpenPrinter",
	[91] = "RpcGetSpoolFileInfo",
	[92] = "RpcCommitSpoolData",
	[93] = "RpcCloseSpoolFileHandle",
	[94] = "RpcFlushPrinter",
	[95] = "RpcSendRecvBidiData",
	[96] = "RpcAddDriverCatalog",
	[97] = "RpcAddPrinterConnection2",
	[98] = "RpcDeletePrinterConnection2",
	[99] = "RpcInstallPrinterDriverFromPackage",
	[100] = "RpcUploadPrinterDriverPackage",
	[101] = "RpcGetCorePrinterDrivers",
	[102] = "RpcCorePrinterDriverInstalled",
	[103] = "RpcGetPrinterDriverPackagePath",
	[104] = "RpcReportJobProcessingProgress",
};

/* netlogon 12345678-1234-abcd-ef00-01234567cffb */
static const char *const ops_netlogon[] = {
	[0] = "NetrLogonUasLogon",
	[1] = "NetrLogonUasLogoff",
	[2] = "NetrLogonSamLogon",
	[3] = "NetrLogonSamLogoff",
	[4] = "NetrServerReqChallenge",
	[5] = "NetrServerAuthenticate",
	[6] = "NetrServerPasswordSet",
	[7] = "NetrDatabaseDeltas",
	[8] = "NetrDatabaseSync",
	[9] = "NetrAccountDeltas",
	[10] = "NetrAccountSync",
	[11] = "NetrGetDCName",
	[12] = "NetrLogonControl",
	[13] = "NetrGetAnyDCName",
	[14] = "NetrLogonControl2",
	[15] = "NetrServerAuthenticate2",
	[16] = "NetrDatabaseSync2",
	[17] = "NetrDatabaseRedo",
	[18] = "NetrLogonControl2Ex",
	[19] = "NetrEnumerateTrustedDomains",
	[20] = "DsrGetDcName",
	[21] = "NetrLogonGetCapabilities",
	[22] = "NetrLogonSetServiceBits",
	[23] = "NetrLogonGetTrustRid",
	[24] = "NetrLogonComputeServerDigest",
	[25] = "NetrLogonComputeClientDigest",
	[26] = "NetrServerAuthenticate3",
	[27] = "DsrGetDcNameEx",
	[28] = "DsrGetSiteName",
	[29] = "NetrLogonGetDomainInfo",
	[30] = "NetrServerPasswordSet2",
	[31] = "NetrServerPasswordGet",
	[32] = "NetrLogonSendToSam",
	[33] = "DsrAddressToSiteNamesW",
	[34] = "DsrGetDcNameEx2",
	[35] = "NetrLogonGetTimeServiceParentDomain",
	[36] = "NetrEnumerateTrustedDomainsEx",
	[37] = "DsrAddressToSiteNamesExW",
	[38] = "DsrGetDcSiteCoverageW",
	[39] = "NetrLogonSamLogonEx",
	[40] = "DsrEnumerateDomainTrusts",
	[41] = "DsrDeregisterDnsHostRecords",
	[42] = "NetrServerTrustPasswordsGet",
	[43] = "DsrGetForestTrustInformation",
	[44] = "NetrGetForestTrustInformation",
	[45] = "NetrLogonSamLogonWithFlags",
	[46] = "NetrServerGetTrustInfo",
	[47] = "unused",
	[48] = "DsrUpdateReadOnlyServerDnsRecords",
	[49] = "NetrChainSetClientAttributes",
};

/* lsarpc 12345778-1234-abcd-ef00-0123456789ab */
static const char *const ops_lsarpc[] = {
	[0] = "LsarClose",
	[1] = "LsarDelete",
	[2] = "LsarEnumeratePrivileges",
	[3] = "LsarQuerySecurityObject",
	[4] = "LsarSetSecurityObject",
	[5] = "LsarChangePassword",
	[6] = "LsarOpenPolicy",
	[7] = "LsarQueryInformationPolicy",
	[8] = "LsarSetInformationPolicy",
	[9] = "LsarClearAuditLog",
	[10] = "LsarCreateAccount",
	[11] = "LsarEnumerateAccounts",
	[12] = "LsarCreateTrustedDomain",
	[13] = "LsarEnumerateTrustedDomains",
	[14] = "LsarLookupNames",
	[15] = "LsarLookupSids",
	[16] = "LsarCreateSecret",
	[17] = "LsarOpenAccount",
	[18] = "LsarEnumeratePrivilegesAccount",
	[19] = "LsarAddPrivilegesToAccount",
	[20] = "LsarRemovePrivilegesFromAccount",
	[21] = "LsarGetQuotasForAccount",
	[22] = "LsarSetQuotasForAccount",
	[23] = "LsarGetSystemAccessAccount",
	[24] = "LsarSetSystemAccessAccount",
	[25] = "LsarOpenTrustedDomain",
	[26] = "LsarQueryInfoTrustedDomain",
	[27] = "LsarSetInformationTrustedDomain",
	[28] = "LsarOpenSecret",
	[29] = "LsarSetSecret",
	[30] = "LsarQuerySecret",
	[31] = "LsarLookupPrivilegeValue",
	[32] = "LsarLookupPrivilegeName",
	[33] = "LsarLookupPrivilegeDisplayName",
	[34] = "LsarDeleteObject",
	[35] = "LsarEnumerateAccountsWithUserRight",
	[36] = "LsarEnumerateAccountRights",
	[37] = "LsarAddAccountRights",
	[38] = "LsarRemoveAccountRights",
	[39] = "LsarQueryTrustedDomainInfo",
	[40] = "LsarSetTrustedDomainInfo",
	[41] = "LsarDeleteTrustedDomain",
	[42] = "LsarStorePrivateData",
	[43] = "LsarRetrievePrivateData",
	[44] = "LsarOpenPolicy2",
	[45] = "LsarGetUserName",
	[46] = "LsarQueryInformationPolicy2",
	[47] = "LsarSetInformationPolicy2",
	[48] = "LsarQueryTrustedDomainInfoByName",
	[49] = "LsarSetTrustedDomainInfoByName",
	[50] = "LsarEnumerateTrustedDomainsEx",
	[51] = "LsarCreateTrustedDomainEx",
	[52] = "LsarCloseTrustedDomainEx",
	[53] = "LsarQueryDomainInformationPolicy",
	[54] = "LsarSetDomainInformationPolicy",
	[55] = "LsarOpenTrustedDomainByName",
	[56] = "LsarTestCall",
	[57] = "LsarLookupSids2",
	[58] = "LsarLookupNames2",
	[59] = "LsarCreateTrustedDomainEx2",
	[60] = "CredrWrite",
	[61] = "CredrRead",
	[62] = "CredrEnumerate",
	[63] = "CredrWriteDomainCredentials",
	[64] = "CredrReadDomainCredentials",
	[65] = "CredrDelete",
	[66] = "CredrGetTargetInfo",
	[67] = "CredrProfileLoaded",
	[68] = "LsarLookupNames3",
	[69] = "CredrGetSessionTypes",
	[70] = "LsarRegisterAuditEvent",
	[71] = "LsarGenAuditEvent",
	[72] = "LsarUnregisterAuditEvent",
	[73] = "LsarQueryForestTrustInformation",
	[74] = "LsarSetForestTrustInformation",
	[75] = "CredrRename",
	[76] = "LsarLookupSids3",
	[77] = "LsarLookupNames4",
	[78] = "LsarOpenPolicySce",
	[79] = "LsarAdtRegisterSecurityEventSource",
	[80] = "LsarAdtUnregisterSecurityEventSource",
	[81] = "LsarAdtReportSecurityEvent",
	[82] = "CredrFindBestCredential",
	[83] = "LsarSetAuditPolicy",
	[84] = "LsarQueryAuditPolicy",
	[85] = "LsarEnumerateAuditPolicy",
	[86] = "LsarEnumerateAuditCategories",
	[87] = "LsarEnumerateAuditSubCategories",
	[88] = "LsarLookupAuditCategoryName",
	[89] = "LsarLookupAuditSubCategoryName",
	[90] = "LsarSetAuditSecurity",
	[91] = "LsarQueryAuditSecurity",
	[92] = "CredReadByTokenHandle",
	[93] = "CredrRestoreCredentials",
	[94] = "CredrBackupCredentials",
};

/* samr 12345778-1234-abcd-ef00-0123456789ac */
static const char *const ops_samr[] = {
	[0] = "SamrConnect",
	[1] = "SamrCloseHandle",
	[2] = "SamrSetSecurityObject",
	[3] = "SamrQuerySecurityObject",
	[4] = "SamrShutdownSamServer",
	[5] = "SamrLookupDomainInSamServer",
	[6] = "SamrEnumerateDomainsInSamServer",
	[7] = "SamrOpenDomain",
	[8] = "SamrQueryInformationDomain",
	[9] = "SamrSetInformationDomain",
	[10] = "SamrCreateGroupInDomain",
	[11] = "SamrEnumerateGroupsInDomain",
	[12] = "SamrCreateUserInDomain",
	[13] = "SamrEnumerateUsersInDomain",
	[14] = "SamrCreateAliasInDomain",
	[15] = "SamrEnumerateAliasesInDomain",
	[16] = "SamrGetAliasMembership",
	[17] = "SamrLookupNamesInDomain",
	[18] = "SamrLookupIdsInDomain",
	[19] = "SamrOpenGroup",
	[20] = "SamrQueryInformationGroup",
	[21] = "SamrSetInformationGroup",
	[22] = "SamrAddMemberToGroup",
	[23] = "SamrDeleteGroup",
	[24] = "SamrRemoveMemberFromGroup",
	[25] = "SamrGetMembersInGroup",
	[26] = "SamrSetMemberAttributesOfGroup",
	[27] = "SamrOpenAlias",
	[28] = "SamrQueryInformationAlias",
	[29] = "SamrSetInformationAlias",
	[30] = "SamrDeleteAlias",
	[31] = "SamrAddMemberToAlias",
	[32] = "SamrRemoveMemberFromAlias",
	[33] = "SamrGetMembersInAlias",
	[34] = "SamrOpenUser",
	[35] = "SamrDeleteUser",
	[36] = "SamrQueryInformationUser",
	[37] = "SamrSetInformationUser",
	[38] = "SamrChangePasswordUser",
	[39] = "SamrGetGroupsForUser",
	[40] = "SamrQueryDisplayInformation",
	[41] = "SamrGetDisplayEnumerationIndex",
	[42] = "SamrTestPrivateFunctionsDomain",
	[43] = "SamrTestPrivateFunctionsUser",
	[44] = "SamrGetUserDomainPasswordInformation",
	[45] = "SamrRemoveMemberFromForeignDomain",
	[46] = "SamrQueryInformationDomain2",
	[47] = "SamrQueryInformationUser2",
	[48] = "SamrQueryDisplayInformation2",
	[49] = "SamrGetDisplayEnumerationIndex2",
	[50] = "SamrCreateUser2InDomain",
	[51] = "SamrQueryDisplayInformation3",
	[52] = "SamrAddMultipleMembersToAlias",
	[53] = "SamrRemoveMultipleMembersFromAlias",
	[54] = "SamrOemChangePasswordUser2",
	[55] = "SamrUnicodeChangePasswordUser2",
	[56] = "SamrGetDomainPasswordInformation",
	[57] = "SamrConnect2",
	[58] = "SamrSetInformationUser2",
	[59] = "SamrSetBootKeyInformation",
	[60] = "SamrGetBootKeyInformation",
	[61] = "SamrConnect3",
	[62] = "SamrConnect4",
	[63] = "SamrUnicodeChangePasswordUser3",
	[64] = "SamrConnect5",
	[65] = "SamrRidToSid",
	[66] = "SamrSetDSRMPassword",
	[67] = "SamrValidatePassword",
	[68] = "SamrQueryLocalizableAccountsInDomain",
	[69] = "SamrPerformGenericOperation",
};

/* ISeclogon 12b81e99-f207-4a4c-85d3-77b42f76fd14 */
static const char *const ops_ISeclogon[] = {
	[0] = "SeclCreateProcessWithLogonW",
	[1] = "SeclCreateProcessWithLogonExW",
};

/* atsvc 1ff70682-0a51-30e8-076d-740be8cee98b */
static const char *const ops_atsvc[] = {
	[0] = "NetrJobAdd",
	[1] = "NetrJobDel",
	[2] = "NetrJobEnum",
	[3] = "NetrJobGetInfo",
};

/* winreg 338cd001-2244-31f1-aaaa-900038001003 */
static const char *const ops_winreg[] = {
	[0] = "OpenClassesRoot",
	[1] = "OpenCurrentUser",
	[2] = "OpenLocalMachine",
	[3] = "OpenPerformanceData",
	[4] = "OpenUsers",
	[5] = "BaseRegCloseKey",
	[6] = "BaseRegCreateKey",
	[7] = "BaseRegDeleteKey",
	[8] = "BaseRegDeleteValue",
	[9] = "BaseRegEnumKey",
	[10] = "BaseRegEnumValue",
	[11] = "BaseRegFlushKey",
	[12] = "BaseRegGetKeySecurity",
	[13] = "BaseRegLoadKey",
	[14] = "BaseRegNotifyChangeKeyValue",
	[15] = "BaseRegOpenKey",
	[16] = "BaseRegQueryInfoKey",
	[17] = "BaseRegQueryValue",
	[18] = "BaseRegReplaceKey",
	[19] = "BaseRegRestoreKey",
	[20] = "BaseRegSaveKey",
	[21] = "BaseRegSetKeySecurity",
	[22] = "BaseRegSetValue",
	[23] = "BaseRegUnLoadKey",
	[24] = "BaseInitiateSystemShutdown",
	[25] = "BaseAbortSystemShutdown",
	[26] = "BaseRegGetVersion",
	[27] = "OpenCurrentConfig",
	[28] = "OpenDynData",
	[29] = "BaseRegQueryMultipleValues",
	[30] = "BaseInitiateSystemShutdownEx",
	[31] = "BaseRegSaveKeyEx",
	[32] = "OpenPerformanceText",
	[33] = "OpenPerformanceNlsText",
	[34] = "BaseRegQueryMultipleValues2",
	[35] = "BaseRegDeleteKeyEx",
};

/* svcctl 367abb81-9844-35f1-ad32-98f038001003 */
static const char *const ops_svcctl[] = {
	[0] = "CloseServiceHandle",
	[1] = "ControlService",
	[2] = "DeleteService",
	[3] = "LockServiceDatabase",
	[4] = "QueryServiceObjectSecurity",
	[5] = "SetServiceObjectSecurity",
	[6] = "QueryServiceStatus",
	[7] = "SetServiceStatus",
	[8] = "UnlockServiceDatabase",
	[9] = "NotifyBootConfigStatus",
	[10] = "ScSetServiceBitsW",
	[11] = "ChangeServiceConfigW",
	[12] = "CreateServiceW",
	[13] = "EnumDependentServicesW",
	[14] = "EnumServicesStatusW",
	[15] = "OpenSCManagerW",
	[16] = "OpenServiceW",
	[17] = "QueryServiceConfigW",
	[18] = "QueryServiceLockStatusW",
	[19] = "StartServiceW",
	[20] = "GetServiceDisplayNameW",
	[21] = "GetServiceKeyNameW",
	[22] = "ScSetServiceBitsA",
	[23] = "ChangeServiceConfigA",
	[24] = "CreateServiceA",
	[25] = "EnumDependentServicesA",
	[26] = "EnumServicesStatusA",
	[27] = "OpenSCManagerA",
	[28] = "OpenServiceA",
	[29] = "QueryServiceConfigA",
	[30] = "QueryServiceLockStatusA",
	[31] = "StartServiceA",
	[32] = "GetServiceDisplayNameA",
	[33] = "GetServiceKeyNameA",
	[34] = "ScGetCurrentGroupStateW",
	[35] = "EnumServiceGroupW",
	[36] = "ChangeServiceConfig2A",
	[37] = "ChangeServiceConfig2W",
	[38] = "QueryServiceConfig2A",
	[39] = "QueryServiceConfig2W",
	[40] = "QueryServiceStatusEx",
	[41] = "EnumServicesStatusExA",
	[42] = "EnumServicesStatusExW",
	[43] = "ScSendTSMessage",
	[44] = "CreateServiceWOW64A",
	[45] = "CreateServiceWOW64W",
	[46] = "ScQueryServiceTagInfo",
	[47] = "NotifyServiceStatusChange",
	[48] = "GetNotifyResult",
	[49] = "CloseNotifyHandle",
	[50] = "ControlServiceExA",
	[51] = "ControlServiceExW",
	[52] = "ScSendPnPMessage",
	[53] = "ScValidatePnPService",
	[54] = "ScOpenServiceStatusHandle",
	[56] = "QueryServiceConfigEx",
	[60] = "CreateWowService",
	[64] = "OpenSCManager2",
};

/* sasec 378e52b0-c0a9-11cf-822d-00aa0051e40f */
static const char *const ops_sasec[] = {
	[0] = "SASetAccountInformation",
	[1] = "SASetNSAccountInformation",
	[2] = "SAGetNSAccountInformation",
	[3] = "SAGetAccountInformation",
};

/* dssetup 3919286a-b10c-11d0-9ba8-00c04fd92ef5 */
static const char *const ops_dssetup[] = {
	[0] = "DsRolerGetPrimaryDomainInformation",
	[1] = "DsRolerDnsNameToFlatName",
	[2] = "DsRolerDcAsDc",
	[3] = "DsRolerDcAsReplica",
	[4] = "DsRolerDemoteDc",
	[5] = "DsRolerGetDcOperationProgress",
	[6] = "DsRolerGetDcOperationResults",
	[7] = "DsRolerCancel",
	[8] = "DsRolerServerSaveStateForUpgrade",
	[9] = "DsRolerUpgradeDownlevelServer",
	[10] = "DsRolerAbortDownlevelServerUpgrade",
};

/* BackupKey 3dde7c30-165d-11d1-ab8f-00805f14db40 */
static const char *const ops_BackupKey[] = {
	[0] = "bkrp_BackupKey",
};

/* srvsvc 4b324fc8-1670-01d3-1278-5a47bf6ee188 */
static const char *const ops_srvsvc[] = {
	[0] = "NetrCharDevEnum",
	[1] = "NetrCharDevGetInfo",
	[2] = "NetrCharDevControl",
	[3] = "NetrCharDevQEnum",
	[4] = "NetrCharDevQGetInfo",
	[5] = "NetrCharDevQSetInfo",
	[6] = "NetrCharDevQPurge",
	[7] = "NetrCharDevQPurgeSelf",
	[8] = "NetrConnectionEnum",
	[9] = "NetrFileEnum",
	[10] = "NetrFileGetInfo",
	[11] = "NetrFileClose",
	[12] = "NetrSessionEnum",
	[13] = "NetrSessionDel",
	[14] = "NetrShareAdd",
	[15] = "NetrShareEnum",
	[16] = "NetrShareGetInfo",
	[17] = "NetrShareSetInfo",
	[18] = "NetrShareDel",
	[19] = "NetrShareDelSticky",
	[20] = "NetrShareCheck",
	[21] = "NetrServerGetInfo",
	[22] = "NetrServerSetInfo",
	[23] = "NetrServerDiskEnum",
	[24] = "NetrServerStatisticsGet",
	[25] = "NetrServerTransportAdd",
	[26] = "NetrServerTransportEnum",
	[27] = "NetrServerTransportDel",
	[28] = "NetrRemoteTOD",
	[29] = "NetrServerSetServiceBits",
	[30] = "NetprPathType",
	[31] = "NetprPathCanonicalize",
	[32] = "NetprPathCompare",
	[33] = "NetprNameValidate",
	[34] = "NetprNameCanonicalize",
	[35] = "NetprNameCompare",
	[36] = "NetrShareEnumSticky",
	[37] = "NetrShareDelStart",
	[38] = "NetrShareDelCommit",
	[39] = "NetrpGetFileSecurity",
	[40] = "NetrpSetFileSecurity",
	[41] = "NetrServerTransportAddEx",
	[42] = "NetrServerSetServiceBitsEx",
	[43] = "NetrDfsGetVersion",
	[44] = "NetrDfsCreateLocalPartition",
	[45] = "NetrDfsDeleteLocalPartition",
	[46] = "NetrDfsSetLocalVolumeState",
	[47] = "NetrDfsSetServerInfo",
	[48] = "NetrDfsCreateExitPoint",
	[49] = "NetrDfsDeleteExitPoint",
	[50] = "NetrDfsModifyPrefix",
	[51] = "NetrDfsFixLocalVolume",
	[52] = "NetrDfsManagerReportSiteInfo",
	[53] = "NetrServerTransportDelEx",
	[55] = "NetrServerAliasEnum",
	[56] = "NetrServerAliasDel",
	[57] = "NetrShareDelEx",
};

/* IActivation 4d9f4ab8-7d1c-11cf-861e-0020af6e7c57 */
static const char *const ops_IActivation[] = {
	[0] = "RemoteActivation",
};

/* netdfs 4fc742e0-4a10-11cf-8273-00aa004ae673 */
static const char *const ops_netdfs[] = {
	[0] = "NetrDfsManagerGetVersion",
	[1] = "NetrDfsAdd",
	[2] = "NetrDfsRemove",
	[3] = "NetrDfsSetInfo",
	[4] = "NetrDfsGetInfo",
	[5] = "NetrDfsEnum",
	[6] = "NetrDfsRename",
	[7] = "NetrDfsMove",
	[8] = "NetrDfsManagerGetConfigInfo",
	[9] = "NetrDfsManagerSendSiteInfo",
	[10] = "NetrDfsAddFtRoot",
	[11] = "NetrDfsRemoveFtRoot",
	[12] = "NetrDfsAddStdRoot",
	[13] = "NetrDfsRemoveStdRoot",
	[14] = "NetrDfsManagerInitialize",
	[15] = "NetrDfsAddStdRootForced",
	[16] = "NetrDfsGetDcAddress",
	[17] = "NetrDfsSetDcAddress",
	[18] = "NetrDfsFlushFtTable",
	[19] = "NetrDfsAdd2",
	[20] = "NetrDfsRemove2",
	[21] = "NetrDfsEnumEx",
	[22] = "NetrDfsSetInfo2",
};

/* browser 6bffd098-a112-3610-9833-012892020162 */
static const char *const ops_browser[] = {
	[0] = "BrowserrServerEnum",
	[1] = "BrowserrDebugCall",
	[2] = "BrowserrQueryOtherDomains",
	[3] = "BrowserrResetNetlogonState",
	[4] = "BrowserrDebugTrace",
	[5] = "BrowserrQueryStatistics",
	[6] = "BrowserrResetStatistics",
	[7] = "NetrBrowserStatisticsClear",
	[8] = "NetrBrowserStatisticsGet",
	[9] = "BrowserrSetNetlogonState",
	[10] = "BrowserrQueryEmulatedDomains",
	[11] = "BrowserrServerEnumEx",
};

/* wkssvc 6bffd098-a112-3610-9833-46c3f87e345a */
static const char *const ops_wkssvc[] = {
	[0] = "NetrWkstaGetInfo",
	[1] = "NetrWkstaSetInfo",
	[2] = "NetrWkstaUserEnum",
	[3] = "NetrWkstaUserGetInfo",
	[4] = "NetrWkstaUserSetInfo",
	[5] = "NetrWkstaTransportEnum",
	[6] = "NetrWkstaTransportAdd",
	[7] = "NetrWkstaTransportDel",
	[8] = "NetrUseAdd",
	[9] = "NetrUseGetInfo",
	[10] = "NetrUseDel",
	[11] = "NetrUseEnum",
	[12] = "NetrMessageBufferSend",
	[13] = "NetrWorkstationStatisticsGet",
	[14] = "NetrLogonDomainNameAdd",
	[15] = "NetrLogonDomainNameDel",
	[16] = "NetrJoinDomain",
	[17] = "NetrUnjoinDomain",
	[18] = "NetrValidateName",
	[19] = "NetrRenameMachineInDomain",
	[20] = "NetrGetJoinInformation",
	[21] = "NetrGetJoinableOUs",
	[22] = "NetrJoinDomain2",
	[23] = "NetrUnjoinDomain2",
	[24] = "NetrRenameMachineInDomain2",
	[25] = "NetrValidateName2",
	[26] = "NetrGetJoinableOUs2",
	[27] = "NetrAddAlternateComputerName",
	[28] = "NetrRemoveAlternateComputerName",
	[29] = "NetrSetPrimaryComputerName",
	[30] = "NetrEnumerateComputerNames",
	[31] = "NetrWorkstationResetDfsCache",
};

/* eventlog 82273fdc-e32a-18c3-3f78-827929dc23ea */
static const char *const ops_eventlog[] = {
	[0] = "ElfrClearELFW",
	[1] = "ElfrBackupELFW",
	[2] = "ElfrCloseEL",
	[3] = "ElfrDeregisterEventSource",
	[4] = "ElfrNumberOfRecords",
	[5] = "ElfrOldestRecord",
	[6] = "ElfrChangeNotify",
	[7] = "ElfrOpenELW",
	[8] = "ElfrRegisterEventSourceW",
	[9] = "ElfrOpenBELW",
	[10] = "ElfrReadELW",
	[11] = "ElfrReportEventW",
	[12] = "ElfrClearELFA",
	[13] = "ElfrBackupELFA",
	[14] = "ElfrOpenELA",
	[15] = "ElfrRegisterEventSourceA",
	[16] = "ElfrOpenBELA",
	[17] = "ElfrReadELA",
	[18] = "ElfrReportEventA",
	[19] = "ElfrRegisterClusterSvc",
	[20] = "ElfrDeregisterClusterSvc",
	[21] = "ElfrWriteClusterEvents",
	[22] = "ElfrGetLogInformation",
	[23] = "ElfrFlushEL",
	[24] = "ElfrReportEventAndSourceW",
};

/* ITaskSchedulerService 86d35949-83c9-4044-b424-db363231fd0c */
static const char *const ops_ITaskSchedulerService[] = {
	[0] = "SchRpcHighestVersion",
	[1] = "SchRpcRegisterTask",
	[2] = "SchRpcRetrieveTask",
	[3] = "SchRpcCreateFolder",
	[4] = "SchRpcSetSecurity",
	[5] = "SchRpcGetSecurity",
	[6] = "SchRpcEnumFolder",
	[7] = "SchRpcEnumTasks",
	[8] = "SchRpcEnumInstances",
	[9] = "SchRpcGetInstanceInfo",
	[10] = "SchRpcStopInstance",
	[11] = "SchRpcStop",
	[12] = "SchRpcRun",
	[13] = "SchRpcDelete",
	[14] = "SchRpcRename",
	[15] = "SchRpcScheduledRuntimes",
	[16] = "SchRpcGetLastRunInfo",
	[17] = "SchRpcGetTaskInfo",
	[18] = "SchRpcGetNumberOfMissedRuns",
	[19] = "SchRpcEnableTask",
};

/* InitShutdown 894de0c0-0d55-11d3-a322-00c04fa321a1 */
static const char *const ops_InitShutdown[] = {
	[0] = "BaseInitiateShutdown",
	[1] = "BaseAbortShutdown",
	[2] = "BaseInitiateShutdownEx",
};

/* IWbemServices 9556dc99-828c-11cf-a37e-00aa003240c7 */
static const char *const ops_IWbemServices[] = {
	[3] = "OpenNamespace",
	[4] = "CancelAsyncCall",
	[5] = "QueryObjectSink",
	[6] = "GetObject",
	[7] = "GetObjectAsync",
	[8] = "PutClass",
	[9] = "PutClassAsync",
	[10] = "DeleteClass",
	[11] = "DeleteClassAsync",
	[12] = "CreateClassEnum",
	[13] = "CreateClassEnumAsync",
	[14] = "PutInstance",
	[15] = "PutInstanceAsync",
	[16] = "DeleteClass",
	[17] = "DeleteClassAsync",
	[18] = "CreateInstanceEnum",
	[19] = "CreateInstanceEnumAsync",
	[20] = "ExecQuery",
	[21] = "ExecQueryAsync",
	[22] = "ExecNotificationQuery",
	[23] = "ExecNotificationQueryAsync",
	[24] = "ExecMethod",
	[25] = "ExecMethodAsync",
};

/* IObjectExporter 99fcfec4-5260-101b-bbcb-00aa0021347a */
static const char *const ops_IObjectExporter[] = {
	[0] = "ResolveOxid",
	[1] = "SimplePing",
	[2] = "ComplexPing",
	[3] = "ServerAlive",
	[4] = "ResolveOxid2",
	[5] = "ServerAlive2",
};

/* exchange_mapi a4f1db00-ca47-1067-b31f-00dd010662da */
static const char *const ops_exchange_mapi[] = {
	[0] = "EcDoConnect",
	[1] = "EcDoDisconnect",
	[2] = "EcDoRpc",
	[3] = "EcGetMoreRpc",
	[4] = "EcRRegisterPushNotification",
	[5] = "EcRUnregisterPushNotification",
	[6] = "EcDummyRpc",
	[7] = "EcRGetDCName",
	[8] = "EcRNetGetDCName",
	[9] = "EcDoRpcExt",
	[10] = "EcDoConnectEx",
	[11] = "EcDoRpcExt2",
	[12] = "EcUnknown0xC",
	[13] = "EcUnknown0xD",
	[14] = "EcDoAsyncConnectEx",
};

/* mgmt afa8bd80-7d8a-11c9-bef4-08002b102989 */
static const char *const ops_mgmt[] = {
	[0] = "inq_if_ids",
	[1] = "inq_stats",
	[2] = "is_server_listening",
	[3] = "stop_server_listening",
	[4] = "inq_princ_name",
};

/* WindowsShutdown d95afe70-a6d5-4259-822e-2c84da1ddb0d */
static const char *const ops_WindowsShutdown[] = {
	[0] = "WsdrInitiateShutdown",
	[1] = "WsdrAbortShutdown",
};

/* epmapper e1af8308-5d1f-11c9-91a4-08002b14a0fa */
static const char *const ops_epmapper[] = {
	[0] = "ept_insert",
	[1] = "ept_delete",
	[2] = "ept_lookup",
	[3] = "ept_map",
	[4] = "ept_lookup_handle_free",
	[5] = "ept_inq_object",
	[6] = "ept_mgmt_delete",
	[7] = "ept_map_auth",
	[8] = "ept_map_auth_async",
};

/* drsuapi e3514235-4b06-11d1-ab04-00c04fc2dcd2 */
static const char *const ops_drsuapi[] = {
	[0] = "DRSBind",
	[1] = "DRSUnbind",
	[2] = "DRSReplicaSync",
	[3] = "DRSGetNCChanges",
	[4] = "DRSUpdateRefs",
	[5] = "DRSReplicaAdd",
	[6] = "DRSReplicaDel",
	[7] = "DRSReplicaModify",
	[8] = "DRSVerifyNames",
	[9] = "DRSGetMemberships",
	[10] = "DRSInterDomainMove",
	[11] = "DRSGetNT4ChangeLog",
	[12] = "DRSCrackNames",
	[13] = "DRSWriteSPN",
	[14] = "DRSRemoveDsServer",
	[15] = "DRSRemoveDsDomain",
	[16] = "DRSDomainControllerInfo",
	[17] = "DRSAddEntry",
	[18] = "DRSExecuteKCC",
	[19] = "DRSGetReplInfo",
	[20] = "DRSAddSidHistory",
	[21] = "DRSGetMemberships2",
	[22] = "DRSReplicaVerifyObjects",
	[23] = "DRSGetObjectExistence",
	[24] = "DRSQuerySitesByCost",
};

/* IWbemLevel1Login f309ad18-d86a-11d0-a075-00c04fb68820 */
static const char *const ops_IWbemLevel1Login[] = {
	[3] = "EstablishPosition",
	[4] = "RequestChallenge",
	[5] = "WBEMLogin",
	[6] = "NTLMLogin",
};

/* FrsRpc f5cc59b4-4264-101a-8c59-08002b2f8426 */
static const char *const ops_FrsRpc[] = {
	[0] = "FrsRpcSendCommPkt",
	[1] = "FrsRpcVerifyPromotionParent",
	[2] = "FrsRpcStartPromotionParent",
	[3] = "FrsNOP",
	[4] = "FrsBackupComplete",
	[5] = "FrsBackupComplete",
	[6] = "FrsBackupComplete",
	[7] = "FrsBackupComplete",
	[8] = "FrsBackupComplete",
	[9] = "FrsBackupComplete",
	[10] = "FrsRpcVerifyPromotionParentEx",
};

/* nspi f5cc5a18-4264-101a-8c59-08002b2f8426 */
static const char *const ops_nspi[] = {
	[0] = "NspiBind",
	[1] = "NspiUnbind",
	[2] = "NspiUpdateStat",
	[3] = "NspiQueryRows",
	[4] = "NspiSeekEntries",
	[5] = "NspiGetMatches",
	[6] = "NspiResortRestriction",
	[7] = "NspiDNToEph",
	[8] = "NspiGetPropList",
	[9] = "NspiGetProps",
};

#define OPS(u, a) { u, a, (uint16_t)(sizeof(a) / sizeof((a)[0])) }

static const struct iface_ops ifaces[] = {
	OPS("00000143-0000-0000-c000-000000000046", ops_IRemUnknown2),
	OPS("000001a0-0000-0000-c000-000000000046", ops_IRemoteSCMActivator),
	OPS("0a74ef1c-41a4-4e06-83ae-dc74fb1cdd53", ops_idletask),
	OPS("12345678-1234-abcd-ef00-0123456789ab", ops_spoolss),
	OPS("12345678-1234-abcd-ef00-01234567cffb", ops_netlogon),
	OPS("12345778-1234-abcd-ef00-0123456789ab", ops_lsarpc),
	OPS("12345778-1234-abcd-ef00-0123456789ac", ops_samr),
	OPS("12b81e99-f207-4a4c-85d3-77b42f76fd14", ops_ISeclogon),
	OPS("1ff70682-0a51-30e8-076d-740be8cee98b", ops_atsvc),
	OPS("338cd001-2244-31f1-aaaa-900038001003", ops_winreg),
	OPS("367abb81-9844-35f1-ad32-98f038001003", ops_svcctl),
	OPS("378e52b0-c0a9-11cf-822d-00aa0051e40f", ops_sasec),
	OPS("3919286a-b10c-11d0-9ba8-00c04fd92ef5", ops_dssetup),
	OPS("3dde7c30-165d-11d1-ab8f-00805f14db40", ops_BackupKey),
	OPS("4b324fc8-1670-01d3-1278-5a47bf6ee188", ops_srvsvc),
	OPS("4d9f4ab8-7d1c-11cf-861e-0020af6e7c57", ops_IActivation),
	OPS("4fc742e0-4a10-11cf-8273-00aa004ae673", ops_netdfs),
	OPS("6bffd098-a112-3610-9833-012892020162", ops_browser),
	OPS("6bffd098-a112-3610-9833-46c3f87e345a", ops_wkssvc),
	OPS("82273fdc-e32a-18c3-3f78-827929dc23ea", ops_eventlog),
	OPS("86d35949-83c9-4044-b424-db363231fd0c", ops_ITaskSchedulerService),
	OPS("894de0c0-0d55-11d3-a322-00c04fa321a1", ops_InitShutdown),
	OPS("9556dc99-828c-11cf-a37e-00aa003240c7", ops_IWbemServices),
	OPS("99fcfec4-5260-101b-bbcb-00aa0021347a", ops_IObjectExporter),
	OPS("a4f1db00-ca47-1067-b31f-00dd010662da", ops_exchange_mapi),
	OPS("afa8bd80-7d8a-11c9-bef4-08002b102989", ops_mgmt),
	OPS("d95afe70-a6d5-4259-822e-2c84da1ddb0d", ops_WindowsShutdown),
	OPS("e1af8308-5d1f-11c9-91a4-08002b14a0fa", ops_epmapper),
	OPS("e3514235-4b06-11d1-ab04-00c04fc2dcd2", ops_drsuapi),
	OPS("f309ad18-d86a-11d0-a075-00c04fb68820", ops_IWbemLevel1Login),
	OPS("f5cc59b4-4264-101a-8c59-08002b2f8426", ops_FrsRpc),
	OPS("f5cc5a18-4264-101a-8c59-08002b2f8426", ops_nspi),
};

static int hexval(uint8_t c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Text order of the 16 bytes: the first three fields are stored
 * little-endian on the wire, the last eight bytes as written. */
static const uint8_t text_order[16] = { 3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15 };

/* By hand rather than snprintf: every dce_rpc.log row looks its names up. */
void rpc_uuid_format(const uint8_t uuid[16], char out[RPC_UUID_STR_LEN + 1])
{
	static const char hex[] = "0123456789abcdef";
	char *o = out;
	int i;

	for (i = 0; i < 16; i++) {
		uint8_t b = uuid[text_order[i]];

		if (i == 4 || i == 6 || i == 8 || i == 10)
			*o++ = '-';
		*o++ = hex[b >> 4];
		*o++ = hex[b & 15];
	}
	*o = '\0';
}

int rpc_uuid_parse(const char *s, uint8_t uuid[16])
{
	struct rd r = rd_init((const uint8_t *)s, s ? strlen(s) : 0);
	int i;

	if (rd_left(&r) != RPC_UUID_STR_LEN)
		return -1;
	for (i = 0; i < 16; i++) {
		int hi, lo;

		if (i == 4 || i == 6 || i == 8 || i == 10) {
			if (rd_u8(&r) != '-')
				return -1;
		}
		hi = hexval(rd_u8(&r));
		lo = hexval(rd_u8(&r));
		if (hi < 0 || lo < 0)
			return -1;
		uuid[text_order[i]] = (uint8_t)(hi << 4 | lo);
	}
	return rd_ok(&r) ? 0 : -1;
}

static int cmp_endpoint(const void *key, const void *elem)
{
	return strcmp(key, ((const struct endpoint *)elem)->uuid);
}

static int cmp_iface(const void *key, const void *elem)
{
	return strcmp(key, ((const struct iface_ops *)elem)->uuid);
}

const char *rpc_endpoint_name(const uint8_t uuid[16])
{
	char text[RPC_UUID_STR_LEN + 1];
	const struct endpoint *e;

	rpc_uuid_format(uuid, text);
	e = bsearch(text, endpoints, sizeof(endpoints) / sizeof(endpoints[0]), sizeof(endpoints[0]),
		    cmp_endpoint);
	return e ? e->name : NULL;
}

const char *rpc_operation_name(const uint8_t uuid[16], uint16_t opnum)
{
	char text[RPC_UUID_STR_LEN + 1];
	const struct iface_ops *i;

	rpc_uuid_format(uuid, text);
	i = bsearch(text, ifaces, sizeof(ifaces) / sizeof(ifaces[0]), sizeof(ifaces[0]), cmp_iface);
	return i && opnum < i->nops ? i->ops[opnum] : NULL;
}

int rpc_names_check_sorted(void)
{
	size_t k;

	for (k = 1; k < sizeof(endpoints) / sizeof(endpoints[0]); k++)
		if (strcmp(endpoints[k - 1].uuid, endpoints[k].uuid) >= 0)
			return -1;
	for (k = 1; k < sizeof(ifaces) / sizeof(ifaces[0]); k++)
		if (strcmp(ifaces[k - 1].uuid, ifaces[k].uuid) >= 0)
			return -1;
	return 0;
}
