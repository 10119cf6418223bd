/* Arguments of the DCE/RPC calls that start code on a remote host: services
 * (MS-SCMR), scheduled tasks (MS-TSCH ITaskSchedulerService and atsvc) and
 * registry writes (MS-RRP). Pure decoding of NDR20 stub bytes into plain
 * structs; pairing requests with responses and handles with names is the
 * caller's business. Layouts follow the IDL in each spec's appendix. */
#include <string.h>

#include "ndr.h"
#include "reader.h"
#include "rpc_exec.h"

/* Interface UUIDs as a little-endian bind carries them. */
static const uint8_t UUID_SVCCTL[16] = {
	0x81, 0xbb, 0x7a, 0x36, 0x44, 0x98, 0xf1, 0x35,
	0xad, 0x32, 0x98, 0xf0, 0x38, 0x00, 0x10, 0x03,
};
static const uint8_t UUID_TSCH[16] = {
	0x49, 0x59, 0xd3, 0x86, 0xc9, 0x83, 0x44, 0x40,
	0xb4, 0x24, 0xdb, 0x36, 0x32, 0x31, 0xfd, 0x0c,
};
static const uint8_t UUID_ATSVC[16] = {
	0x82, 0x06, 0xf7, 0x1f, 0x51, 0x0a, 0xe8, 0x30,
	0x07, 0x6d, 0x74, 0x0b, 0xe8, 0xce, 0xe9, 0x8b,
};
static const uint8_t UUID_WINREG[16] = {
	0x01, 0xd0, 0x8c, 0x33, 0x44, 0x22, 0xf1, 0x31,
	0xaa, 0xaa, 0x90, 0x00, 0x38, 0x00, 0x10, 0x03,
};

/* MS-SCMR opnums. */
enum {
	SCMR_CONTROL = 1, SCMR_DELETE = 2, SCMR_CHANGE_W = 11, SCMR_CREATE_W = 12,
	SCMR_OPEN_W = 16, SCMR_START_W = 19, SCMR_CHANGE_A = 23, SCMR_CREATE_A = 24,
	SCMR_OPEN_A = 28, SCMR_START_A = 31, SCMR_CREATE_WOW64_A = 44, SCMR_CREATE_WOW64_W = 45,
};
/* MS-TSCH opnums. */
enum { TSCH_REGISTER = 1, TSCH_RUN = 12, TSCH_DELETE = 13 };
enum { ATSVC_JOB_ADD = 0 };
/* MS-RRP opnums. */
enum { RRP_CREATE_KEY = 6, RRP_OPEN_KEY = 15, RRP_SET_VALUE = 22 };

#define REG_SZ 1
#define REG_EXPAND_SZ 2

enum rpc_iface rpc_iface_of(const uint8_t iface_uuid[16])
{
	if (!iface_uuid)
		return RPC_IFACE_OTHER;
	if (!memcmp(iface_uuid, UUID_SVCCTL, 16))
		return RPC_IFACE_SVCCTL;
	if (!memcmp(iface_uuid, UUID_TSCH, 16))
		return RPC_IFACE_TSCH;
	if (!memcmp(iface_uuid, UUID_ATSVC, 16))
		return RPC_IFACE_ATSVC;
	if (!memcmp(iface_uuid, UUID_WINREG, 16))
		return RPC_IFACE_WINREG;
	return RPC_IFACE_OTHER;
}

static enum rpc_exec_op op_of(enum rpc_iface ifc, uint16_t opnum)
{
	switch (ifc) {
	case RPC_IFACE_SVCCTL:
		switch (opnum) {
		case SCMR_CONTROL: return RPC_EXEC_SVC_CONTROL;
		case SCMR_DELETE: return RPC_EXEC_SVC_DELETE;
		case SCMR_CHANGE_W: case SCMR_CHANGE_A: return RPC_EXEC_SVC_CHANGE;
		case SCMR_CREATE_W: case SCMR_CREATE_A:
		case SCMR_CREATE_WOW64_A: case SCMR_CREATE_WOW64_W: return RPC_EXEC_SVC_CREATE;
		case SCMR_OPEN_W: case SCMR_OPEN_A: return RPC_EXEC_SVC_OPEN;
		case SCMR_START_W: case SCMR_START_A: return RPC_EXEC_SVC_START;
		default: return RPC_EXEC_NONE;
		}
	case RPC_IFACE_TSCH:
		switch (opnum) {
		case TSCH_REGISTER: return RPC_EXEC_TASK_REGISTER;
		case TSCH_RUN: return RPC_EXEC_TASK_RUN;
		case TSCH_DELETE: return RPC_EXEC_TASK_DELETE;
		default: return RPC_EXEC_NONE;
		}
	case RPC_IFACE_ATSVC:
		return opnum == ATSVC_JOB_ADD ? RPC_EXEC_AT_JOB_ADD : RPC_EXEC_NONE;
	case RPC_IFACE_WINREG:
		switch (opnum) {
		case RRP_CREATE_KEY: return RPC_EXEC_REG_CREATE_KEY;
		case RRP_OPEN_KEY: return RPC_EXEC_REG_OPEN_KEY;
		case RRP_SET_VALUE: return RPC_EXEC_REG_SET_VALUE;
		default: return RPC_EXEC_NONE;
		}
	case RPC_IFACE_OTHER:
		break;
	}
	return RPC_EXEC_NONE;
}

/* The 8-bit ("A") svcctl variants. */
static int svc_narrow(uint16_t opnum)
{
	return opnum == SCMR_CHANGE_A || opnum == SCMR_CREATE_A || opnum == SCMR_OPEN_A ||
	       opnum == SCMR_START_A || opnum == SCMR_CREATE_WOW64_A;
}

/* --- text helpers --------------------------------------------------------- */

/* Append n bytes of UTF-8 to t, cutting at a character boundary when full. */
static void text_append(struct text *t, const char *s, size_t n)
{
	size_t room = (size_t)TEXT_MAX - t->len;

	t->set = 1;
	if (n > room) {
		n = room;
		while (n > 0 && ((uint8_t)s[n] & 0xC0) == 0x80)
			n--;
		t->truncated = 1;
	}
	memcpy(t->s + t->len, s, n);
	t->len = (uint16_t)(t->len + n);
	t->s[t->len] = '\0';
}

/* Append one argument, space-separated from the previous ones. */
static void args_add(struct text *args, const struct text *a, int first)
{
	if (!first)
		text_append(args, " ", 1);
	text_append(args, a->s, a->len);
	if (a->truncated)
		args->truncated = 1;
}

/* --- svcctl --------------------------------------------------------------- */

static int str_ref(struct ndr *n, struct text *t, int narrow)
{
	return narrow ? ndr_cstring(n, t) : ndr_wstring(n, t);
}

static int str_unique(struct ndr *n, struct text *t, int narrow)
{
	return narrow ? ndr_unique_cstring(n, t) : ndr_unique_wstring(n, t);
}

/* [in, unique, size_is(size)] LPBYTE p, [in] DWORD size: the bytes are not
 * kept (dependencies, an encrypted password) but must agree with size. */
static void sized_bytes(struct ndr *n)
{
	uint32_t count = 0;
	uint32_t size;
	int present = ndr_ptr(n) != 0;

	if (present)
		(void)ndr_conformant_bytes(n, &count);
	size = ndr_u32(n);
	if (present && count != size)
		ndr_fail(n);
}

/* [in, out, unique] LPDWORD lpdwTagId */
static void unique_dword(struct ndr *n)
{
	if (ndr_ptr(n))
		(void)ndr_u32(n);
}

static void svc_create(struct ndr *n, struct rpc_exec *o, int narrow)
{
	struct text group;

	ndr_handle(n, o->handle);
	str_ref(n, &o->service_name, narrow);
	str_unique(n, &o->display_name, narrow);
	o->access = ndr_u32(n);
	o->service_type = ndr_u32(n);
	o->start_type = ndr_u32(n);
	(void)ndr_u32(n); /* dwErrorControl */
	o->flags |= RPC_EXEC_F_HANDLE | RPC_EXEC_F_ACCESS | RPC_EXEC_F_SERVICE_TYPE |
		    RPC_EXEC_F_START_TYPE;
	str_ref(n, &o->binary_path, narrow);
	str_unique(n, &group, narrow); /* lpLoadOrderGroup */
	unique_dword(n);                /* lpdwTagId */
	sized_bytes(n); /* lpDependencies, dwDependSize */
	str_unique(n, &o->service_account, narrow);
	sized_bytes(n); /* lpPassword, dwPwSize */
}

static void svc_change(struct ndr *n, struct rpc_exec *o, int narrow)
{
	struct text group;

	ndr_handle(n, o->handle);
	o->service_type = ndr_u32(n);
	o->start_type = ndr_u32(n);
	(void)ndr_u32(n); /* dwErrorControl */
	o->flags |= RPC_EXEC_F_HANDLE | RPC_EXEC_F_SERVICE_TYPE | RPC_EXEC_F_START_TYPE;
	str_unique(n, &o->binary_path, narrow);
	str_unique(n, &group, narrow); /* lpLoadOrderGroup */
	unique_dword(n);                /* lpdwTagId */
	sized_bytes(n);                 /* lpDependencies, dwDependSize */
	str_unique(n, &o->service_account, narrow);
	sized_bytes(n);                 /* lpPassword, dwPwSize */
	str_unique(n, &o->display_name, narrow);
}

/* A unique pointer to a conformant array of count fixed-size elements: 1 and
 * the elements in *out when present, 0 for NULL or on a fault (which is
 * sticky in n). The max count must equal the count argument sent with it. */
static int ptr_array(struct ndr *n, uint32_t count, size_t elem, struct rd *out)
{
	uint32_t max;

	if (ndr_ptr(n) == 0)
		return 0;
	max = ndr_u32(n);
	if (!ndr_ok(n) || max != count || max > ndr_left(n) / elem) {
		ndr_fail(n);
		return 0;
	}
	*out = rd_sub(&n->r, ndr_pos(n), (size_t)max * elem);
	rd_skip(&n->r, (size_t)max * elem);
	return 1;
}

/* A unique pointer to a conformant array of count unique string pointers
 * (StartService argv, SchRpcRun pArgs): the referent ids first, then each
 * non-NULL string in order. Joined into args. */
static void string_ptr_array(struct ndr *n, uint32_t count, struct text *args, int narrow)
{
	struct text one;
	struct rd ids;
	uint32_t i;
	int first = 1;

	if (!ptr_array(n, count, 4, &ids))
		return;
	args->set = 1;
	for (i = 0; i < count && ndr_ok(n); i++) {
		if (rd_le32(&ids) == 0)
			continue;
		if (str_ref(n, &one, narrow) < 0)
			return;
		args_add(args, &one, first);
		first = 0;
	}
}

static void svc_start(struct ndr *n, struct rpc_exec *o, int narrow)
{
	ndr_handle(n, o->handle);
	o->argc = ndr_u32(n);
	o->flags |= RPC_EXEC_F_HANDLE | RPC_EXEC_F_ARGC;
	string_ptr_array(n, o->argc, &o->arguments, narrow);
}

static void decode_svcctl(struct ndr *n, uint16_t opnum, struct rpc_exec *o)
{
	int narrow = svc_narrow(opnum);

	switch (o->op) {
	case RPC_EXEC_SVC_CREATE:
		svc_create(n, o, narrow);
		break;
	case RPC_EXEC_SVC_CHANGE:
		svc_change(n, o, narrow);
		break;
	case RPC_EXEC_SVC_OPEN:
		ndr_handle(n, o->handle);
		str_ref(n, &o->service_name, narrow);
		o->access = ndr_u32(n);
		o->flags |= RPC_EXEC_F_HANDLE | RPC_EXEC_F_ACCESS;
		break;
	case RPC_EXEC_SVC_START:
		svc_start(n, o, narrow);
		break;
	case RPC_EXEC_SVC_CONTROL:
		ndr_handle(n, o->handle);
		o->control = ndr_u32(n);
		o->flags |= RPC_EXEC_F_HANDLE | RPC_EXEC_F_CONTROL;
		break;
	case RPC_EXEC_SVC_DELETE:
		ndr_handle(n, o->handle);
		o->flags |= RPC_EXEC_F_HANDLE;
		break;
	default:
		break;
	}
}

/* --- task XML --------------------------------------------------------------- */

#define NOT_FOUND ((size_t)-1)

/* UTF-16 code unit i of the XML; 0 past the end. */
static uint16_t unit_at(const struct rd *x, size_t i)
{
	struct rd u = rd_sub(x, 2 * i, 2);

	return rd_le16(&u);
}

static int xml_space(uint16_t c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* First index in [from, to) where the ASCII string pat starts. */
static size_t find_units(const struct rd *x, size_t from, size_t to, const char *pat)
{
	size_t plen = strlen(pat);
	size_t i, k;

	for (i = from; i < to && to - i >= plen; i++) {
		for (k = 0; k < plen && unit_at(x, i + k) == (uint8_t)pat[k]; k++)
			;
		if (k == plen)
			return i;
	}
	return NOT_FOUND;
}

/* First start tag <name ...> in [from, to), not one whose name merely starts
 * with name. Returns the index of '<'. */
static size_t find_tag(const struct rd *x, size_t from, size_t to, const char *name)
{
	size_t len = strlen(name);
	size_t i = from;

	while (i < to) {
		size_t at = find_units(x, i, to, name);
		uint16_t next;

		if (at == NOT_FOUND)
			return NOT_FOUND;
		next = unit_at(x, at + len);
		if (at + len < to && (next == '>' || next == '/' || xml_space(next)))
			return at;
		i = at + 1;
	}
	return NOT_FOUND;
}

/* A numeric character reference "&#N;" or "&#xH;" at s: its length, and the
 * code point in *cp; 0 when s does not hold a valid one. */
static size_t char_ref(const char *s, size_t left, uint32_t *cp)
{
	int hex = left > 2 && (s[2] == 'x' || s[2] == 'X');
	size_t j = hex ? 3 : 2;
	size_t digits = 0;
	uint32_t v = 0;

	if (left < 4 || s[0] != '&' || s[1] != '#')
		return 0;
	for (; j < left && digits < 8; j++, digits++) {
		char c = s[j];
		uint32_t d;

		if (c >= '0' && c <= '9')
			d = (uint32_t)(c - '0');
		else if (hex && c >= 'a' && c <= 'f')
			d = (uint32_t)(c - 'a' + 10);
		else if (hex && c >= 'A' && c <= 'F')
			d = (uint32_t)(c - 'A' + 10);
		else
			break;
		v = v * (hex ? 16 : 10) + d;
	}
	if (digits == 0 || j >= left || s[j] != ';' || v == 0 || v > 0x10FFFF ||
	    (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return j + 1;
}

/* One of the five predefined entities at s: its length, the character in *c. */
static size_t named_ref(const char *s, size_t left, char *c)
{
	static const struct { const char *ref; char c; } named[] = {
		{ "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' }, { "&quot;", '"' }, { "&apos;", '\'' },
	};
	size_t k;

	for (k = 0; k < sizeof named / sizeof named[0]; k++) {
		size_t rl = strlen(named[k].ref);

		if (left >= rl && !memcmp(s, named[k].ref, rl)) {
			*c = named[k].c;
			return rl;
		}
	}
	return 0;
}

/* Decode the five predefined entities and numeric character references in
 * place; anything else is kept verbatim. Every replacement is shorter than
 * its reference (a UTF-8 sequence of n bytes needs n + 3 reference bytes at
 * least), so the text only shrinks. */
static void xml_unescape(struct text *t)
{
	size_t i = 0, o = 0;

	while (i < t->len) {
		const char *s = t->s + i;
		size_t left = t->len - i;
		size_t used;
		uint32_t cp;
		char c;

		if ((used = named_ref(s, left, &c)) > 0) {
			t->s[o++] = c;
		} else if ((used = char_ref(s, left, &cp)) > 0) {
			o += utf8_encode(cp, (uint8_t *)t->s + o);
		} else {
			t->s[o++] = *s;
			used = 1;
		}
		i += used;
	}
	t->len = (uint16_t)o;
	t->s[o] = '\0';
}

/* The character content of the element whose start tag begins at tag:
 * from after its '>' up to the next '<', whitespace trimmed. */
static void element_text(const struct rd *x, size_t tag, size_t n, struct text *t)
{
	size_t gt = find_units(x, tag, n, ">");
	size_t start, end;
	struct rd s;

	if (gt == NOT_FOUND)
		return;
	start = gt + 1;
	if (unit_at(x, gt - 1) == '/') { /* <Command/> */
		text_set(t, "");
		return;
	}
	end = find_units(x, start, n, "<");
	if (end == NOT_FOUND)
		end = n;
	while (start < end && xml_space(unit_at(x, start)))
		start++;
	while (end > start && xml_space(unit_at(x, end - 1)))
		end--;
	s = rd_sub(x, 2 * start, 2 * (end - start));
	text_from_utf16le(t, rd_ptr(&s, 2 * (end - start)), 2 * (end - start));
	xml_unescape(t);
}

void rpc_exec_task_xml(const uint8_t *xml, size_t len, struct text *command, struct text *arguments,
		       struct text *user)
{
	struct rd x = rd_init(xml, len);
	size_t n = len / 2;
	size_t exec, end, tag, pr;

	exec = find_tag(&x, 0, n, "<Exec");
	if (exec != NOT_FOUND) {
		end = find_units(&x, exec, n, "</Exec");
		if (end == NOT_FOUND)
			end = n;
		tag = find_tag(&x, exec, end, "<Command");
		if (tag != NOT_FOUND)
			element_text(&x, tag, n, command);
		tag = find_tag(&x, exec, end, "<Arguments");
		if (tag != NOT_FOUND)
			element_text(&x, tag, n, arguments);
	}
	pr = find_tag(&x, 0, n, "<Principal");
	if (pr != NOT_FOUND) {
		end = find_units(&x, pr, n, "</Principal");
		if (end == NOT_FOUND)
			end = n;
		tag = find_tag(&x, pr, end, "<UserId");
		if (tag != NOT_FOUND)
			element_text(&x, tag, n, user);
	}
}

/* --- ITaskSchedulerService, atsvc ----------------------------------------- */

/* [in, size_is(cCreds), unique] const TASK_USER_CRED* pCreds: a conformant
 * array of { [string] userId, [string] password, DWORD flags }, then the
 * deferred strings. The first user id is kept when the XML named none. */
static void task_creds(struct ndr *n, uint32_t count, struct text *user)
{
	struct text scratch;
	struct rd creds;
	uint32_t i;

	if (!ptr_array(n, count, 12, &creds))
		return;
	for (i = 0; i < count && ndr_ok(n); i++) {
		uint32_t uid = rd_le32(&creds);
		uint32_t pw = rd_le32(&creds);

		rd_skip(&creds, 4); /* flags */
		if (uid) {
			ndr_wstring(n, &scratch);
			if (!user->set && ndr_ok(n))
				*user = scratch;
		}
		if (pw)
			ndr_wstring(n, &scratch);
	}
}

static void task_register(struct ndr *n, struct rpc_exec *o)
{
	struct text sddl;
	uint32_t count;
	const uint8_t *xml;
	uint32_t creds;

	ndr_unique_wstring(n, &o->task_name);
	xml = ndr_cv_array(n, 2, &count);
	if (xml)
		rpc_exec_task_xml(xml, (size_t)count * 2, &o->command, &o->arguments, &o->user);
	o->task_flags = ndr_u32(n);
	ndr_unique_wstring(n, &sddl);
	o->logon_type = ndr_u32(n);
	creds = ndr_u32(n);
	o->flags |= RPC_EXEC_F_TASK_FLAGS | RPC_EXEC_F_LOGON_TYPE;
	task_creds(n, creds, &o->user);
}

static void decode_tsch(struct ndr *n, struct rpc_exec *o)
{
	switch (o->op) {
	case RPC_EXEC_TASK_REGISTER:
		task_register(n, o);
		break;
	case RPC_EXEC_TASK_RUN:
		ndr_wstring(n, &o->task_name);
		o->argc = ndr_u32(n);
		string_ptr_array(n, o->argc, &o->arguments, 0);
		o->task_flags = ndr_u32(n);
		(void)ndr_u32(n); /* sessionId */
		ndr_unique_wstring(n, &o->user);
		o->flags |= RPC_EXEC_F_ARGC | RPC_EXEC_F_TASK_FLAGS;
		break;
	case RPC_EXEC_TASK_DELETE:
		ndr_wstring(n, &o->task_name);
		o->task_flags = ndr_u32(n);
		o->flags |= RPC_EXEC_F_TASK_FLAGS;
		break;
	default:
		break;
	}
}

/* NetrJobAdd: [in, string, unique] ServerName, [in] AT_INFO { DWORD_PTR
 * JobTime; DWORD DaysOfMonth; UCHAR DaysOfWeek; UCHAR Flags; [string]
 * wchar_t* Command }, the Command string deferred after the structure. */
static void at_job_add(struct ndr *n, struct rpc_exec *o)
{
	struct text server;
	uint32_t cmd;

	ndr_unique_wstring(n, &server);
	o->job_time = ndr_u32(n);
	o->days_of_month = ndr_u32(n);
	o->days_of_week = ndr_u8(n);
	o->job_flags = ndr_u8(n);
	cmd = ndr_ptr(n);
	o->flags |= RPC_EXEC_F_JOB;
	if (cmd)
		ndr_wstring(n, &o->command);
}

/* --- winreg ----------------------------------------------------------------- */

/* RRP_UNICODE_STRING { USHORT Length; USHORT MaximumLength; [size_is(
 * MaximumLength/2), length_is(Length/2)] PWSTR Buffer } with its buffer
 * deferred right after it (a top-level [in] parameter). Counts in bytes that
 * disagree with the array's are refused. No NUL is guaranteed; one trailing
 * NUL is dropped. */
static void rrp_string(struct ndr *n, struct text *t)
{
	uint16_t length = ndr_u16(n);
	uint16_t maxlen = ndr_u16(n);
	uint32_t ptr = ndr_ptr(n);
	uint32_t max, off, actual;
	const uint8_t *p;
	struct rd s;
	size_t bytes;

	t->set = 0;
	t->len = 0;
	t->s[0] = '\0';
	if (!ndr_ok(n) || ptr == 0)
		return;
	max = ndr_u32(n);
	off = ndr_u32(n);
	actual = ndr_u32(n);
	if (!ndr_ok(n) || off != 0 || actual > max || length > maxlen || max != maxlen / 2u ||
	    actual != length / 2u || actual > ndr_left(n) / 2) {
		ndr_fail(n);
		return;
	}
	bytes = (size_t)actual * 2;
	p = rd_ptr(&n->r, bytes);
	s = rd_init(p, bytes);
	if (bytes >= 2) {
		rd_seek(&s, bytes - 2);
		if (rd_le16(&s) == 0)
			bytes -= 2;
	}
	text_from_utf16le(t, p, bytes);
}

/* [in, unique] PRPC_SECURITY_ATTRIBUTES: { DWORD nLength;
 * RPC_SECURITY_DESCRIPTOR { [size_is(cbIn), length_is(cbOut)] PBYTE
 * lpSecurityDescriptor; DWORD cbInSecurityDescriptor; DWORD
 * cbOutSecurityDescriptor; }; BOOLEAN bInheritHandle; }, then the deferred
 * descriptor bytes. Read only to check the stub holds together. */
static void security_attributes(struct ndr *n)
{
	uint32_t sd, cb_in, cb_out, count;

	if (ndr_ptr(n) == 0)
		return;
	(void)ndr_u32(n); /* nLength */
	sd = ndr_ptr(n);
	cb_in = ndr_u32(n);
	cb_out = ndr_u32(n);
	(void)ndr_u8(n); /* bInheritHandle */
	if (sd == 0)
		return;
	(void)ndr_cv_array(n, 1, &count);
	if (ndr_ok(n) && count != cb_out)
		ndr_fail(n);
	(void)cb_in;
}

static void reg_set_value(struct ndr *n, struct rpc_exec *o)
{
	const uint8_t *data;
	uint32_t count = 0, cb;

	ndr_handle(n, o->handle);
	rrp_string(n, &o->value_name);
	o->value_type = ndr_u32(n);
	data = ndr_conformant_bytes(n, &count);
	cb = ndr_u32(n);
	o->flags |= RPC_EXEC_F_HANDLE | RPC_EXEC_F_VALUE_TYPE;
	if (!ndr_ok(n) || cb != count) {
		ndr_fail(n);
		return;
	}
	if (o->value_type == REG_SZ || o->value_type == REG_EXPAND_SZ) {
		struct rd d = rd_init(data, count);
		size_t bytes = count & ~(uint32_t)1;

		if (bytes >= 2) {
			rd_seek(&d, bytes - 2);
			if (rd_le16(&d) == 0)
				bytes -= 2;
		}
		text_from_utf16le(&o->value_data, data, bytes);
	}
}

static void decode_winreg(struct ndr *n, struct rpc_exec *o)
{
	struct text cls;

	switch (o->op) {
	case RPC_EXEC_REG_CREATE_KEY:
		ndr_handle(n, o->handle);
		rrp_string(n, &o->key_name);
		rrp_string(n, &cls); /* lpClass */
		(void)ndr_u32(n);    /* dwOptions */
		o->access = ndr_u32(n);
		o->flags |= RPC_EXEC_F_HANDLE | RPC_EXEC_F_ACCESS;
		security_attributes(n);
		unique_dword(n); /* lpdwDisposition */
		break;
	case RPC_EXEC_REG_OPEN_KEY:
		ndr_handle(n, o->handle);
		rrp_string(n, &o->key_name);
		(void)ndr_u32(n); /* dwOptions */
		o->access = ndr_u32(n);
		o->flags |= RPC_EXEC_F_HANDLE | RPC_EXEC_F_ACCESS;
		break;
	case RPC_EXEC_REG_SET_VALUE:
		reg_set_value(n, o);
		break;
	default:
		break;
	}
}

/* --- entry points ----------------------------------------------------------- */

static void text_flags(struct rpc_exec *o)
{
	static const struct { size_t off; uint32_t flag; } f[] = {
		{ offsetof(struct rpc_exec, service_name), RPC_EXEC_F_SERVICE_NAME },
		{ offsetof(struct rpc_exec, display_name), RPC_EXEC_F_DISPLAY_NAME },
		{ offsetof(struct rpc_exec, binary_path), RPC_EXEC_F_BINARY_PATH },
		{ offsetof(struct rpc_exec, service_account), RPC_EXEC_F_SERVICE_ACCOUNT },
		{ offsetof(struct rpc_exec, task_name), RPC_EXEC_F_TASK_NAME },
		{ offsetof(struct rpc_exec, command), RPC_EXEC_F_COMMAND },
		{ offsetof(struct rpc_exec, arguments), RPC_EXEC_F_ARGUMENTS },
		{ offsetof(struct rpc_exec, key_name), RPC_EXEC_F_KEY_NAME },
		{ offsetof(struct rpc_exec, value_name), RPC_EXEC_F_VALUE_NAME },
		{ offsetof(struct rpc_exec, value_data), RPC_EXEC_F_VALUE_DATA },
		{ offsetof(struct rpc_exec, user), RPC_EXEC_F_USER },
	};
	size_t i;

	for (i = 0; i < sizeof f / sizeof f[0]; i++) {
		const struct text *t = (const struct text *)(const void *)((const char *)o + f[i].off);

		if (t->set)
			o->flags |= f[i].flag;
	}
}

enum rpc_exec_op rpc_exec_op_of(const uint8_t iface_uuid[16], uint16_t opnum)
{
	return op_of(rpc_iface_of(iface_uuid), opnum);
}

int rpc_exec_decode(const uint8_t iface_uuid[16], uint16_t opnum, const uint8_t *stub, size_t len,
		    struct rpc_exec *out)
{
	enum rpc_iface ifc = rpc_iface_of(iface_uuid);
	struct ndr n = ndr_init(stub, len);

	memset(out, 0, sizeof *out);
	out->op = op_of(ifc, opnum);
	if (out->op == RPC_EXEC_NONE)
		return 0;
	switch (ifc) {
	case RPC_IFACE_SVCCTL:
		decode_svcctl(&n, opnum, out);
		break;
	case RPC_IFACE_TSCH:
		decode_tsch(&n, out);
		break;
	case RPC_IFACE_ATSVC:
		at_job_add(&n, out);
		break;
	case RPC_IFACE_WINREG:
		decode_winreg(&n, out);
		break;
	case RPC_IFACE_OTHER:
		break;
	}
	text_flags(out);
	return ndr_ok(&n) ? 1 : -1;
}

int rpc_exec_status(const uint8_t iface_uuid[16], uint16_t opnum, const uint8_t *stub, size_t len,
		    uint32_t *status)
{
	struct rd r = rd_init(stub, len);

	*status = 0;
	if (rpc_exec_op_of(iface_uuid, opnum) == RPC_EXEC_NONE)
		return 0;
	if (rd_left(&r) < 4)
		return -1;
	rd_seek(&r, rd_left(&r) - 4);
	*status = rd_le32(&r);
	return 1;
}

int rpc_exec_handle(const uint8_t iface_uuid[16], uint16_t opnum, const uint8_t *stub, size_t len,
		    uint8_t handle[NDR_HANDLE_LEN])
{
	struct ndr n = ndr_init(stub, len);
	enum rpc_exec_op op = op_of(rpc_iface_of(iface_uuid), opnum);

	memset(handle, 0, NDR_HANDLE_LEN);
	switch (op) {
	case RPC_EXEC_SVC_CREATE:
		unique_dword(&n); /* [in, out, unique] lpdwTagId */
		ndr_handle(&n, handle);
		break;
	case RPC_EXEC_SVC_OPEN:
	case RPC_EXEC_REG_OPEN_KEY:
		ndr_handle(&n, handle);
		break;
	case RPC_EXEC_REG_CREATE_KEY:
		ndr_handle(&n, handle);
		unique_dword(&n); /* [in, out, unique] lpdwDisposition */
		break;
	default:
		return 0;
	}
	(void)ndr_u32(&n); /* the return value */
	if (!ndr_ok(&n)) {
		memset(handle, 0, NDR_HANDLE_LEN);
		return -1;
	}
	return 1;
}
