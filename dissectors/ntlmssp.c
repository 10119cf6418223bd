/* SPNEGO (RFC 4178, MS-SPNG) and NTLMSSP (MS-NLMP) security blobs.
 *
 * Internal parsers return PARSE_OK, PARSE_BAD (malformed) or PARSE_UNKNOWN
 * (well-formed but not something we decode). A mechanism token we do not
 * understand is not an error for SPNEGO, so the distinction matters there. */
#include <string.h>

#include "ntlmssp.h"
#include "reader.h"

enum { PARSE_OK = 0, PARSE_BAD = -1, PARSE_UNKNOWN = 1 };

/* Deep enough for GSS -> NegTokenInit -> mechToken -> GSS -> NTLMSSP with room
 * to spare; a deeper stack can only be crafted. */
#define NEST_MAX 8

#define NTLM_SIG_LEN 8
#define NTLM_FLAG_UNICODE 0x00000001u

/* Layouts from MS-NLMP 2.2.1.2 and 2.2.1.3, offsets from the signature. The
 * trailing members (TargetInfo in CHALLENGE, NegotiateFlags in AUTHENTICATE)
 * exist only when the payload starts after them, which is how messages from
 * implementations that predate them stay parseable. */
#define CHAL_TARGET_NAME 12
#define CHAL_HDR_MIN 32
#define CHAL_TARGET_INFO 40
#define CHAL_HDR_TI 48
#define AUTH_FIELDS 12
#define AUTH_NFIELDS 5
#define AUTH_HDR_MIN 52
#define AUTH_FLAGS 60
#define AUTH_HDR_FLAGS 64

/* Order of the AUTHENTICATE field descriptors. */
enum { F_LM, F_NT, F_DOMAIN, F_USER, F_WORKSTATION };

enum {
	AV_EOL = 0,
	AV_NB_COMPUTER = 1,
	AV_NB_DOMAIN = 2,
	AV_DNS_COMPUTER = 3,
	AV_DNS_DOMAIN = 4,
	AV_DNS_TREE = 5,
};

enum {
	DER_ENUMERATED = 0x0a,
	DER_OCTET_STRING = 0x04,
	DER_OID = 0x06,
	DER_SEQUENCE = 0x30,
	DER_APP0 = 0x60,
	DER_CTX0 = 0xa0,
	DER_CTX1 = 0xa1,
	DER_CTX2 = 0xa2,
};

static const uint8_t ntlm_sig[NTLM_SIG_LEN] = { 'N', 'T', 'L', 'M', 'S', 'S', 'P', 0 };
static const uint8_t oid_spnego[] = { 0x2b, 0x06, 0x01, 0x05, 0x05, 0x02 };
static const uint8_t oid_ntlmssp[] = { 0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x02, 0x02, 0x0a };
static const uint8_t oid_krb5[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x12, 0x01, 0x02, 0x02 };
/* Windows 2000 sent the Kerberos OID with a truncated arc (48018 instead of
 * 113554); every Windows since still offers it first. */
static const uint8_t oid_ms_krb5[] = { 0x2a, 0x86, 0x48, 0x82, 0xf7, 0x12, 0x01, 0x02, 0x02 };
static const uint8_t oid_krb5_u2u[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x12, 0x01, 0x02, 0x02, 0x03 };

static int parse_token(struct rd *r, struct ntlm_blob *out, int depth);

/* ---- NTLMSSP ---- */

struct ntlm_field {
	uint16_t len;
	uint32_t off;
};

static struct ntlm_field field_at(struct rd *m, size_t at)
{
	struct ntlm_field f;

	rd_seek(m, at);
	f.len = rd_le16(m);
	(void)rd_le16(m); /* MaxLen: informational only */
	f.off = rd_le32(m);
	return f;
}

/* Where the variable payload begins: the lowest offset of a non-empty field,
 * or the message end. Fixed members past it do not exist in this message. */
static size_t payload_start(const struct ntlm_field *f, size_t n, size_t msg_len)
{
	size_t start = msg_len;
	size_t i;

	for (i = 0; i < n; i++)
		if (f[i].len && f[i].off < start)
			start = f[i].off;
	return start;
}

static int field_in(const struct rd *m, struct ntlm_field f)
{
	struct rd s = rd_sub(m, f.off, f.len);

	return rd_ok(&s);
}

/* Decode one string field. Returns 0 when the field lies outside the message
 * (the text then stays unset). */
static int field_text(const struct rd *m, struct ntlm_field f, int unicode, struct text *t)
{
	struct rd s = rd_sub(m, f.off, f.len);
	const uint8_t *q;

	if (!rd_ok(&s))
		return 0;
	q = f.len ? rd_ptr(&s, f.len) : NULL;
	if (unicode)
		text_from_utf16le(t, q, f.len);
	else
		text_from_bytes(t, q, f.len);
	return 1;
}

static struct text *av_slot(struct ntlm_blob *out, uint16_t id)
{
	switch (id) {
	case AV_NB_COMPUTER: return &out->server_nb_computer;
	case AV_NB_DOMAIN: return &out->server_nb_domain;
	case AV_DNS_COMPUTER: return &out->server_dns_computer;
	case AV_DNS_DOMAIN: return &out->server_dns_domain;
	case AV_DNS_TREE: return &out->server_dns_tree;
	default: return NULL;
	}
}

/* AV pairs are always UTF-16LE (MS-NLMP 2.2.2.1). A list without MsvAvEOL, or
 * a last pair longer than what remains, ends the walk quietly: the pairs read
 * so far are still good, and Zeek's test traces carry both shapes. */
static void parse_av_pairs(struct rd *ti, struct ntlm_blob *out)
{
	while (rd_left(ti) >= 4) {
		uint16_t id = rd_le16(ti);
		uint16_t len = rd_le16(ti);
		const uint8_t *v;
		struct text *t;

		if (id == AV_EOL || len > rd_left(ti))
			return;
		v = len ? rd_ptr(ti, len) : NULL;
		t = av_slot(out, id);
		if (t && !t->set)
			text_from_utf16le(t, v, len);
	}
}

/* TargetInfo is clamped to the message rather than rejected, as Zeek and
 * Wireshark do: the ntlm-*-av-sequence traces declare 36 bytes and carry 24
 * or none, and the server names before the cut are worth keeping. */
static struct rd target_info(const struct rd *m, struct ntlm_field f)
{
	size_t off = f.off < m->len ? f.off : m->len;
	size_t len = m->len - off < f.len ? m->len - off : f.len;

	return rd_sub(m, off, len);
}

static int parse_challenge(struct rd *m, struct ntlm_blob *out)
{
	struct ntlm_field name = field_at(m, CHAL_TARGET_NAME);
	struct ntlm_field ti;
	struct rd av;

	out->flags = rd_le32(m);
	rd_skip(m, 8); /* ServerChallenge */
	if (!rd_ok(m))
		return PARSE_BAD;
	if (m->len < CHAL_HDR_TI || payload_start(&name, 1, m->len) < CHAL_HDR_TI)
		return PARSE_OK;
	ti = field_at(m, CHAL_TARGET_INFO);
	if (!rd_ok(m))
		return PARSE_BAD;
	av = target_info(m, ti);
	parse_av_pairs(&av, out);
	return PARSE_OK;
}

/* MS-NLMP 3.2.5.1.2: anonymous is an empty user with an empty NT response and
 * an LM response that is empty or a single zero byte. */
static int is_anonymous(const struct rd *m, struct ntlm_field lm, struct ntlm_field nt,
			const struct ntlm_blob *out)
{
	struct rd l;

	if (!out->user.set || out->user.len || nt.len)
		return 0;
	if (lm.len == 0)
		return 1;
	if (lm.len != 1)
		return 0;
	l = rd_sub(m, lm.off, 1);
	return rd_u8(&l) == 0 && rd_ok(&l);
}

static int parse_authenticate(struct rd *m, struct ntlm_blob *out)
{
	struct ntlm_field f[AUTH_NFIELDS];
	int unicode, ok;
	size_t i;

	for (i = 0; i < AUTH_NFIELDS; i++)
		f[i] = field_at(m, AUTH_FIELDS + 8 * i);
	if (!rd_ok(m))
		return PARSE_BAD;
	/* Without flags the charset is unknowable here; OEM at worst logs the
	 * UTF-16 bytes raw (escaped) instead of mis-decoding them. */
	if (m->len >= AUTH_HDR_FLAGS && payload_start(f, AUTH_NFIELDS, m->len) >= AUTH_HDR_FLAGS) {
		rd_seek(m, AUTH_FLAGS);
		out->flags = rd_le32(m);
	}
	unicode = (out->flags & NTLM_FLAG_UNICODE) != 0;
	/* Decode every field that is in range before judging the message, so a
	 * single lying descriptor does not hide the others. */
	ok = field_text(m, f[F_DOMAIN], unicode, &out->domain);
	ok &= field_text(m, f[F_USER], unicode, &out->user);
	ok &= field_text(m, f[F_WORKSTATION], unicode, &out->workstation);
	ok &= field_in(m, f[F_LM]) & field_in(m, f[F_NT]);
	if (!ok)
		return PARSE_BAD;
	out->anonymous = is_anonymous(m, f[F_LM], f[F_NT], out);
	return PARSE_OK;
}

/* r is positioned at the signature; the message runs to the end of r, and all
 * NTLMSSP offsets are relative to the signature. */
static int parse_ntlmssp(struct rd *r, struct ntlm_blob *out)
{
	struct rd m = rd_sub(r, r->pos, rd_left(r));
	uint32_t type;

	rd_skip(&m, NTLM_SIG_LEN);
	type = rd_le32(&m);
	if (!rd_ok(&m))
		return PARSE_BAD;
	out->mech = MECH_NTLMSSP;
	switch (type) {
	case NTLM_NEGOTIATE:
		out->msg = NTLM_NEGOTIATE;
		out->flags = rd_le32(&m);
		return rd_ok(&m) ? PARSE_OK : PARSE_BAD;
	case NTLM_CHALLENGE:
		out->msg = NTLM_CHALLENGE;
		return m.len < CHAL_HDR_MIN ? PARSE_BAD : parse_challenge(&m, out);
	case NTLM_AUTHENTICATE:
		out->msg = NTLM_AUTHENTICATE;
		return m.len < AUTH_HDR_MIN ? PARSE_BAD : parse_authenticate(&m, out);
	default:
		return PARSE_BAD;
	}
}

/* ---- DER ---- */

/* One TLV: single-byte tags only (SPNEGO needs nothing else), definite
 * lengths of up to four bytes, and the value must fit in what remains.
 * On success *val covers the value and r has moved past it. */
static int der_next(struct rd *r, uint8_t *tag, struct rd *val)
{
	uint8_t b;
	size_t len;
	int n;

	*tag = rd_u8(r);
	b = rd_u8(r);
	if (!rd_ok(r) || (*tag & 0x1f) == 0x1f)
		return PARSE_BAD;
	len = b;
	if (b & 0x80) {
		n = b & 0x7f;
		if (n == 0 || n > 4)
			return PARSE_BAD;
		for (len = 0; n > 0; n--)
			len = len << 8 | rd_u8(r);
	}
	*val = rd_sub(r, r->pos, len);
	rd_skip(r, len);
	return rd_ok(r) && rd_ok(val) ? PARSE_OK : PARSE_BAD;
}

/* Read a TLV and insist on its tag. */
static int der_expect(struct rd *r, uint8_t want, struct rd *val)
{
	uint8_t tag;

	if (der_next(r, &tag, val) != PARSE_OK)
		return PARSE_BAD;
	return tag == want ? PARSE_OK : PARSE_BAD;
}

static int oid_is(const struct rd *oid, const uint8_t *want, size_t n)
{
	struct rd c = *oid;
	const uint8_t *q;

	if (rd_left(&c) != n)
		return 0;
	q = rd_ptr(&c, n);
	return q && memcmp(q, want, n) == 0;
}

static enum auth_mech mech_of(const struct rd *oid)
{
	if (oid_is(oid, oid_ntlmssp, sizeof oid_ntlmssp))
		return MECH_NTLMSSP;
	if (oid_is(oid, oid_krb5, sizeof oid_krb5) || oid_is(oid, oid_ms_krb5, sizeof oid_ms_krb5) ||
	    oid_is(oid, oid_krb5_u2u, sizeof oid_krb5_u2u))
		return MECH_KERBEROS;
	return MECH_UNKNOWN;
}

/* ---- GSS-API / SPNEGO ---- */

/* InitialContextToken (RFC 2743 3.1): [APPLICATION 0] { thisMech OID, inner }.
 * Kerberos tokens are only identified, never decoded: the sensor logs the
 * mechanism, and the ticket is encrypted anyway. */
static int parse_gss(struct rd *body, struct ntlm_blob *out, int depth)
{
	struct rd oid;
	enum auth_mech mech;

	if (der_expect(body, DER_OID, &oid) != PARSE_OK)
		return PARSE_BAD;
	if (oid_is(&oid, oid_spnego, sizeof oid_spnego)) {
		out->spnego = 1;
		return parse_token(body, out, depth + 1);
	}
	mech = mech_of(&oid);
	if (mech == MECH_KERBEROS) {
		out->mech = MECH_KERBEROS;
		return PARSE_OK;
	}
	if (mech == MECH_NTLMSSP)
		return parse_token(body, out, depth + 1);
	return PARSE_UNKNOWN;
}

/* mechToken / responseToken: an OCTET STRING holding whatever the chosen
 * mechanism sends. One we do not recognise (NegoEx, a bare AP-REQ) still
 * leaves a valid SPNEGO message. */
static int parse_inner(struct rd *ctx, struct ntlm_blob *out, int depth)
{
	struct rd octets;
	int rc;

	if (der_expect(ctx, DER_OCTET_STRING, &octets) != PARSE_OK)
		return PARSE_BAD;
	if (rd_left(&octets) == 0)
		return PARSE_OK;
	rc = parse_token(&octets, out, depth + 1);
	return rc == PARSE_UNKNOWN ? PARSE_OK : rc;
}

/* Only the first mechType matters: it is the client's preference and the one
 * an optimistic mechToken belongs to. */
static int parse_mech_types(struct rd *ctx, struct ntlm_blob *out)
{
	struct rd seq, oid;

	if (der_expect(ctx, DER_SEQUENCE, &seq) != PARSE_OK)
		return PARSE_BAD;
	if (rd_left(&seq) == 0)
		return PARSE_OK;
	if (der_expect(&seq, DER_OID, &oid) != PARSE_OK)
		return PARSE_BAD;
	out->mech = mech_of(&oid);
	return PARSE_OK;
}

/* NegTokenInit, and MS-SPNG NegTokenInit2 from SMB2 NEGOTIATE responses:
 * elements other than mechTypes [0] and mechToken [2] (reqFlags, negHints,
 * mechListMIC) are skipped, whatever their tag. */
static int parse_neg_init(struct rd *body, struct ntlm_blob *out, int depth)
{
	struct rd seq, el;
	uint8_t tag;
	int rc = PARSE_OK;

	out->spnego = 1;
	if (der_expect(body, DER_SEQUENCE, &seq) != PARSE_OK)
		return PARSE_BAD;
	while (rc == PARSE_OK && rd_left(&seq) > 0) {
		if (der_next(&seq, &tag, &el) != PARSE_OK)
			return PARSE_BAD;
		if (tag == DER_CTX0)
			rc = parse_mech_types(&el, out);
		else if (tag == DER_CTX2)
			rc = parse_inner(&el, out, depth);
	}
	return rc;
}

static int parse_neg_state(struct rd *ctx, struct ntlm_blob *out)
{
	struct rd e;
	uint8_t v;

	if (der_expect(ctx, DER_ENUMERATED, &e) != PARSE_OK || rd_left(&e) != 1)
		return PARSE_BAD;
	v = rd_u8(&e);
	if (v > NEG_REQUEST_MIC)
		return PARSE_BAD;
	out->neg_result = (enum spnego_result)v;
	return PARSE_OK;
}

static int parse_supported_mech(struct rd *ctx, struct ntlm_blob *out)
{
	struct rd oid;

	if (der_expect(ctx, DER_OID, &oid) != PARSE_OK)
		return PARSE_BAD;
	out->mech = mech_of(&oid);
	return PARSE_OK;
}

/* NegTokenResp: negState [0], supportedMech [1], responseToken [2];
 * mechListMIC [3] is an integrity check we cannot verify, so skipped. */
static int parse_neg_resp(struct rd *body, struct ntlm_blob *out, int depth)
{
	struct rd seq, el;
	uint8_t tag;
	int rc = PARSE_OK;

	out->spnego = 1;
	if (der_expect(body, DER_SEQUENCE, &seq) != PARSE_OK)
		return PARSE_BAD;
	while (rc == PARSE_OK && rd_left(&seq) > 0) {
		if (der_next(&seq, &tag, &el) != PARSE_OK)
			return PARSE_BAD;
		if (tag == DER_CTX0)
			rc = parse_neg_state(&el, out);
		else if (tag == DER_CTX1)
			rc = parse_supported_mech(&el, out);
		else if (tag == DER_CTX2)
			rc = parse_inner(&el, out, depth);
	}
	return rc;
}

static int starts_with_ntlm_sig(const struct rd *r)
{
	struct rd c = *r;
	const uint8_t *q = rd_left(&c) >= NTLM_SIG_LEN ? rd_ptr(&c, NTLM_SIG_LEN) : NULL;

	return q && memcmp(q, ntlm_sig, NTLM_SIG_LEN) == 0;
}

static int is_token_tag(const struct rd *r)
{
	struct rd c = *r;
	uint8_t tag = rd_u8(&c);

	return rd_ok(&c) && (tag == DER_APP0 || tag == DER_CTX0 || tag == DER_CTX1);
}

/* Dispatch on the first byte. Bytes after the outermost DER element are
 * ignored: the element carries its own length, and the buffer around it (an
 * SMB security buffer, an OCTET STRING) may be longer. */
static int parse_token(struct rd *r, struct ntlm_blob *out, int depth)
{
	struct rd body;
	uint8_t tag;

	if (depth > NEST_MAX)
		return PARSE_BAD;
	if (starts_with_ntlm_sig(r))
		return parse_ntlmssp(r, out);
	if (!is_token_tag(r))
		return PARSE_UNKNOWN;
	if (der_next(r, &tag, &body) != PARSE_OK)
		return PARSE_BAD;
	switch (tag) {
	case DER_APP0: return parse_gss(&body, out, depth);
	case DER_CTX0: return parse_neg_init(&body, out, depth + 1);
	case DER_CTX1: return parse_neg_resp(&body, out, depth + 1);
	default: return PARSE_UNKNOWN;
	}
}

int ntlm_parse_blob(const uint8_t *p, size_t len, struct ntlm_blob *out)
{
	struct rd r;

	memset(out, 0, sizeof *out);
	out->msg = NTLM_NONE;
	out->neg_result = NEG_NONE;
	out->mech = MECH_UNKNOWN;
	if (!p || len == 0)
		return -1;
	r = rd_init(p, len);
	return parse_token(&r, out, 0) == PARSE_OK ? 0 : -1;
}
