/* SMB2 on real bytes: pairing, the session and tree events, compounds, and
 * hostile variations of the same messages. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "smb.h"
#include "smb2.h"
#include "smb_bytes.h"
#include "util.h"

#define MAX_EVENTS 32

struct rec {
	int n;
	struct event ev[MAX_EVENTS];
	struct text path[MAX_EVENTS];
	int has_path[MAX_EVENTS];
	struct ntlm_blob blob[MAX_EVENTS];
};

struct fixture {
	struct smb_state state;
	struct smb_stats st;
	struct smb_limits lim;
	struct rec rec;
	struct ev_sink sink;
};

static void record(void *ctx, const struct event *ev)
{
	struct rec *r = ctx;

	ck_assert_int_lt(r->n, MAX_EVENTS);
	r->ev[r->n] = *ev;
	if (ev->type == EV_SMB_TREE_CONNECT && ev->u.tree.path) {
		r->path[r->n] = *ev->u.tree.path;
		r->has_path[r->n] = 1;
	}
	if (ev->type == EV_SMB_AUTH_BLOB)
		r->blob[r->n] = *ev->u.auth.blob;
	if (ev->type == EV_SMB_CREATE && ev->u.create.name) {
		r->path[r->n] = *ev->u.create.name;
		r->has_path[r->n] = 1;
	}
	r->n++;
}

static void setup(struct fixture *f)
{
	memset(f, 0, sizeof(*f));
	f->lim.max_pending = 1000;
	f->lim.max_compound = 64;
	f->sink.emit = record;
	f->sink.ctx = &f->rec;
}

/* Feed one NetBIOS session message given as hex (its 4-byte header is
 * skipped) at time ts. */
static void feed_bytes(struct fixture *f, int from_client, const uint8_t *nb, size_t n, int64_t ts)
{
	struct smb_ctx c = { &f->lim, &f->st, &f->sink, ts, 0 };

	smb_message(&f->state, &c, from_client, nb + 4, n - 4);
}

static void feed(struct fixture *f, int from_client, const char *hex, int64_t ts)
{
	size_t n;
	uint8_t *b = unhex(hex, &n);

	feed_bytes(f, from_client, b, n, ts);
	free(b);
}

static const struct event *find(const struct fixture *f, enum ev_type t, int *idx)
{
	int i;

	for (i = 0; i < f->rec.n; i++) {
		if (f->rec.ev[i].type == t) {
			if (idx)
				*idx = i;
			return &f->rec.ev[i];
		}
	}
	return NULL;
}

static int weirds_named(const struct fixture *f, const char *name)
{
	int i, k = 0;

	for (i = 0; i < f->rec.n; i++)
		k += f->rec.ev[i].type == EV_SMB_WEIRD && !strcmp(f->rec.ev[i].u.weird.name, name);
	return k;
}

START_TEST(tree_connect_pairs_request_and_response)
{
	struct fixture f;
	const struct event *ev;
	int i;

	setup(&f);
	feed(&f, 1, SMB3_TREE_CONNECT_REQ, 1000);
	feed(&f, 0, SMB3_TREE_CONNECT_RESP, 2000);
	ev = find(&f, EV_SMB_TREE_CONNECT, &i);
	ck_assert_ptr_nonnull(ev);
	ck_assert_int_eq(ev->ts_us, 1000); /* the request's time, as Zeek */
	ck_assert_uint_eq(ev->u.tree.status, 0);
	ck_assert_uint_eq(ev->u.tree.share_type, 1);
	ck_assert(f.rec.has_path[i]);
	ck_assert_str_eq(f.rec.path[i].s, "\\\\WS2016\\encrypted");
	ck_assert_uint_eq(f.st.smb2_msgs, 2);
	ck_assert_uint_eq(f.state.npending, 0);
	smb_state_free(&f.state);
}
END_TEST

START_TEST(response_without_request_has_no_path)
{
	struct fixture f;
	const struct event *ev;
	int i;

	setup(&f);
	feed(&f, 0, SMB3_TREE_CONNECT_RESP, 2000);
	ev = find(&f, EV_SMB_TREE_CONNECT, &i);
	ck_assert_ptr_nonnull(ev);
	ck_assert_ptr_null(ev->u.tree.path);
	ck_assert_int_eq(f.rec.has_path[i], 0);
	ck_assert_uint_eq(f.st.unmatched_responses, 1);
	smb_state_free(&f.state);
}
END_TEST

START_TEST(failed_tree_connect_reports_status)
{
	struct fixture f;
	size_t n;
	uint8_t *b = unhex(SMB3_TREE_CONNECT_RESP, &n);
	const struct event *ev;

	setup(&f);
	feed(&f, 1, SMB3_TREE_CONNECT_REQ, 1000);
	b[4 + 8] = 0x22; /* STATUS_ACCESS_DENIED 0xC0000022 */
	b[4 + 11] = 0xc0;
	feed_bytes(&f, 0, b, n, 2000);
	ev = find(&f, EV_SMB_TREE_CONNECT, NULL);
	ck_assert_ptr_nonnull(ev);
	ck_assert_uint_eq(ev->u.tree.status, 0xC0000022u);
	ck_assert_uint_eq(ev->u.tree.share_type, 0);
	free(b);
	smb_state_free(&f.state);
}
END_TEST

START_TEST(session_setup_carries_account_and_result)
{
	struct fixture f;
	const struct event *ev;
	int i, auths = 0;

	setup(&f);
	feed(&f, 0, SMB2_NEGOTIATE_RESP, 10);
	feed(&f, 1, SMB2_SESSION_SETUP_REQ1, 20);
	feed(&f, 0, SMB2_SESSION_SETUP_RESP1, 30);
	feed(&f, 1, SMB2_SESSION_SETUP_REQ2, 40);
	feed(&f, 0, SMB2_SESSION_SETUP_RESP2, 50);
	ev = find(&f, EV_SMB_NEGOTIATE, NULL);
	ck_assert_ptr_nonnull(ev);
	ck_assert_uint_eq(ev->u.negotiate.dialect, 0x0202);
	for (i = 0; i < f.rec.n; i++) {
		const struct ntlm_blob *b = &f.rec.blob[i];

		if (f.rec.ev[i].type != EV_SMB_AUTH_BLOB || b->msg != NTLM_AUTHENTICATE)
			continue;
		auths++;
		ck_assert_str_eq(b->user.s, "Administrator");
		ck_assert_str_eq(b->domain.s, "CONTOSO");
		ck_assert_str_eq(b->workstation.s, "SERVER01");
		ck_assert_int_eq(f.rec.ev[i].ts_us, 40);
	}
	ck_assert_int_eq(auths, 1);
	ev = find(&f, EV_SMB_SESSION_SETUP, NULL);
	ck_assert_ptr_nonnull(ev); /* only the final response makes one */
	ck_assert_int_eq(ev->ts_us, 40);
	ck_assert_uint_eq(ev->u.session.status, 0);
	ck_assert_int_eq(f.rec.ev[f.rec.n - 1].type, EV_SMB_SESSION_SETUP);
	smb_state_free(&f.state);
}
END_TEST

START_TEST(compound_chain_is_followed)
{
	struct fixture f;

	setup(&f);
	feed(&f, 1, SMB2_COMPOUND_REQ, 1);
	feed(&f, 0, SMB2_COMPOUND_RESP, 2);
	ck_assert_uint_eq(f.st.smb2_msgs, 6);
	ck_assert_uint_eq(f.st.compound_cut, 0);
	ck_assert_uint_eq(f.st.unmatched_responses, 0);
	ck_assert_uint_eq(f.state.npending, 0);
	smb_state_free(&f.state);
}
END_TEST

START_TEST(compound_limit_is_counted)
{
	struct fixture f;

	setup(&f);
	f.lim.max_compound = 2;
	feed(&f, 1, SMB2_COMPOUND_REQ, 1);
	ck_assert_uint_eq(f.st.smb2_msgs, 2);
	ck_assert_uint_eq(f.st.compound_cut, 1);
	smb_state_free(&f.state);
}
END_TEST

/* Past smb_max_pending the oldest request is forgotten, with Zeek's weird
 * for its SMB::max_pending_messages (source SMB2, as its script says). */
START_TEST(pending_limit_is_a_weird)
{
	struct fixture f;
	const struct event *ev;

	setup(&f);
	f.lim.max_pending = 1;
	feed(&f, 1, SMB2_COMPOUND_REQ, 1);
	ck_assert_uint_ge(f.st.pending_evicted, 1);
	ck_assert_uint_eq(f.st.pending_evicted, f.st.smb2_msgs - 1);
	ck_assert_int_eq(weirds_named(&f, "SMB_discarded_messages_state"), (int)f.st.pending_evicted);
	ev = find(&f, EV_SMB_WEIRD, NULL);
	ck_assert_str_eq(ev->u.weird.addl, "state=pending");
	ck_assert_str_eq(ev->u.weird.source, "SMB2");
	smb_state_free(&f.state);
}
END_TEST

/* NextCommand pointing outside the message, misaligned, or backwards. */
START_TEST(lying_next_command_stops_the_chain)
{
	static const uint32_t lies[] = { 0xffffffffu, 0x1000, 65, 8, 63 };
	size_t n, k;

	for (k = 0; k < sizeof(lies) / sizeof(lies[0]); k++) {
		struct fixture f;
		uint8_t *b = unhex(SMB2_COMPOUND_REQ, &n);

		setup(&f);
		memcpy(b + 4 + 20, &lies[k], 4); /* little-endian host assumed, as on x86/arm */
		feed_bytes(&f, 1, b, n, 1);
		ck_assert_uint_eq(f.st.smb2_msgs, 1);
		ck_assert_uint_eq(f.st.compound_cut, 1);
		ck_assert_int_eq(weirds_named(&f, "SMB2_bad_next_command"), 1);
		free(b);
		smb_state_free(&f.state);
	}
}
END_TEST

/* A compound whose second message the capture cut (snaplen, buffer limit):
 * the chain stops there, without a weird, as nothing was wrong on the wire.
 * smb2_krb.pcap's 12018-byte FIND response, cut at the snaplen, was
 * reported as SMB2_bad_next_command. */
START_TEST(compound_cut_by_the_capture_is_no_weird)
{
	size_t n;
	uint8_t *b = unhex(SMB2_COMPOUND_REQ, &n);
	uint32_t next;
	struct smb_ctx c;
	struct fixture f;

	setup(&f);
	memcpy(&next, b + 4 + 20, 4);
	c = (struct smb_ctx){ &f.lim, &f.st, &f.sink, 1, n - 4 };
	smb_message(&f.state, &c, 1, b + 4, next - 8);     /* cut before the next header */
	smb_message(&f.state, &c, 1, b + 4, next + 10);    /* cut inside it */
	ck_assert_uint_eq(f.st.smb2_msgs, 2);
	ck_assert_uint_eq(f.st.compound_cut, 2);
	ck_assert_ptr_null(find(&f, EV_SMB_WEIRD, NULL));
	/* the same bytes with nothing more on the wire: a lie, and a bad header */
	c.msg_len = 0;
	smb_message(&f.state, &c, 1, b + 4, next - 8);
	smb_message(&f.state, &c, 1, b + 4, next + 10);
	ck_assert_int_eq(weirds_named(&f, "SMB2_bad_next_command"), 1);
	ck_assert_int_eq(weirds_named(&f, "SMB2_bad_header"), 1);
	free(b);
	smb_state_free(&f.state);
}
END_TEST

START_TEST(tree_path_offset_outside_message)
{
	struct fixture f;
	size_t n;
	uint8_t *b = unhex(SMB3_TREE_CONNECT_REQ, &n);

	setup(&f);
	b[4 + 64 + 4] = 0xf0; /* PathOffset far beyond the message */
	feed_bytes(&f, 1, b, n, 1);
	ck_assert_uint_eq(f.st.bad_bodies, 1);
	feed(&f, 0, SMB3_TREE_CONNECT_RESP, 2);
	ck_assert_ptr_null(find(&f, EV_SMB_TREE_CONNECT, NULL)->u.tree.path);
	free(b);
	smb_state_free(&f.state);
}
END_TEST

/* Every prefix of every message: no read outside it (ASan checks), and a
 * header shorter than 64 bytes is never counted as a message. */
START_TEST(every_truncation_is_safe)
{
	static const char *const msgs[] = {
		SMB2_NEGOTIATE_RESP, SMB2_SESSION_SETUP_REQ2, SMB2_SESSION_SETUP_RESP1,
		SMB3_TREE_CONNECT_REQ, SMB3_TREE_CONNECT_RESP, SMB2_COMPOUND_REQ, SMB2_COMPOUND_RESP,
	};
	size_t m, n, cut;

	for (m = 0; m < sizeof(msgs) / sizeof(msgs[0]); m++) {
		uint8_t *b = unhex(msgs[m], &n);

		for (cut = 4; cut <= n; cut++) {
			struct fixture f;
			uint8_t *copy = malloc(cut);

			memcpy(copy, b, cut);
			setup(&f);
			feed_bytes(&f, (int)(m % 2), copy, cut, 1);
			if (cut < 4 + SMB2_HDR_LEN)
				ck_assert_uint_eq(f.st.smb2_msgs, 0);
			free(copy);
			smb_state_free(&f.state);
		}
		free(b);
	}
}
END_TEST

START_TEST(pending_table_is_bounded)
{
	struct fixture f;
	size_t n;
	uint8_t *b = unhex(SMB3_TREE_CONNECT_REQ, &n);
	uint64_t id;

	setup(&f);
	f.lim.max_pending = 3;
	for (id = 100; id < 110; id++) {
		memcpy(b + 4 + 24, &id, 8);
		feed_bytes(&f, 1, b, n, (int64_t)id);
	}
	ck_assert_uint_eq(f.state.npending, 3);
	ck_assert_uint_eq(f.st.pending_evicted, 7);
	free(b);
	smb_state_free(&f.state);
}
END_TEST

START_TEST(other_smb_flavours_are_counted)
{
	static const uint8_t transform[] = { 0, 0, 0, 8, 0xfd, 'S', 'M', 'B', 0, 0, 0, 0 };
	static const uint8_t smb1[] = { 0, 0, 0, 8, 0xff, 'S', 'M', 'B', 0x72, 0, 0, 0 };
	static const uint8_t junk[] = { 0, 0, 0, 8, 'H', 'T', 'T', 'P', 0, 0, 0, 0 };
	struct fixture f;

	setup(&f);
	feed_bytes(&f, 1, transform, sizeof(transform), 1);
	feed_bytes(&f, 1, smb1, sizeof(smb1), 1);
	feed_bytes(&f, 1, junk, sizeof(junk), 1);
	ck_assert_uint_eq(f.st.transform_msgs, 1);
	ck_assert_uint_eq(f.st.smb1_msgs, 1);
	ck_assert_uint_eq(f.st.not_smb, 1);
	ck_assert_int_eq(find(&f, EV_SMB_WEIRD, NULL) != NULL, 1);
	smb_state_free(&f.state);
}
END_TEST

/* Only the fixed part of a WRITE is worth buffering; everything else whole. */
START_TEST(wanted_bytes)
{
	struct fixture f;
	size_t n;
	uint8_t *w = unhex(SMB2_WRITE_REQ_HEAD, &n);
	uint8_t *t = unhex(SMB3_TREE_CONNECT_REQ, &n);
	uint8_t *c = unhex(SMB2_COMPOUND_REQ, &n);

	setup(&f);
	ck_assert_uint_eq(smb_wanted_bytes(&f.state, w + 4, 124, 0x1bc8), 112);
	ck_assert_uint_eq(smb_wanted_bytes(&f.state, t + 4, 64, 0x6e), 0x6e);
	ck_assert_uint_eq(smb_wanted_bytes(&f.state, c + 4, 256, 440), 440);
	ck_assert_uint_eq(smb_wanted_bytes(&f.state, w + 4, 10, 0x1bc8), 0x1bc8); /* too short to tell */
	free(w);
	free(t);
	free(c);
}
END_TEST

/* An async interim response (STATUS_PENDING) is only a promise: the final
 * response that follows carries the result. Built from the real response by
 * setting the ASYNC flag and STATUS_PENDING and cutting the body to an
 * error body, as servers send it. */
static uint8_t *interim_of(const char *final_hex, size_t *n)
{
	uint8_t *b = unhex(final_hex, n);
	static const uint8_t pending[4] = { 0x03, 0x01, 0, 0 };
	static const uint8_t error_body[9] = { 9, 0, 0, 0, 0, 0, 0, 0, 0 };

	memcpy(b + 4 + 8, pending, 4);
	b[4 + 16] |= 0x02; /* SMB2_FLAGS_ASYNC_COMMAND */
	memcpy(b + 4 + 64, error_body, sizeof(error_body));
	*n = 4 + 64 + sizeof(error_body);
	b[3] = (uint8_t)(*n - 4);
	return b;
}

START_TEST(interim_response_is_not_the_result)
{
	struct fixture f;
	size_t n;
	uint8_t *tc = interim_of(SMB3_TREE_CONNECT_RESP, &n);
	uint8_t *ss;
	int i, trees = 0, sessions = 0;

	setup(&f);
	feed(&f, 1, SMB3_TREE_CONNECT_REQ, 1000);
	feed_bytes(&f, 0, tc, n, 1500);
	ck_assert_uint_eq(f.state.npending, 1);
	feed(&f, 0, SMB3_TREE_CONNECT_RESP, 2000);
	feed(&f, 1, SMB2_SESSION_SETUP_REQ2, 3000);
	ss = interim_of(SMB2_SESSION_SETUP_RESP2, &n);
	feed_bytes(&f, 0, ss, n, 3500);
	feed(&f, 0, SMB2_SESSION_SETUP_RESP2, 4000);
	for (i = 0; i < f.rec.n; i++) {
		const struct event *ev = &f.rec.ev[i];

		if (ev->type == EV_SMB_TREE_CONNECT) {
			trees++;
			ck_assert_uint_eq(ev->u.tree.share_type, 1);
			ck_assert_uint_eq(ev->u.tree.status, 0);
		} else if (ev->type == EV_SMB_SESSION_SETUP) {
			sessions++;
			ck_assert_uint_eq(ev->u.session.status, 0);
		}
	}
	ck_assert_int_eq(trees, 1);
	ck_assert_int_eq(sessions, 1);
	ck_assert_uint_eq(f.st.interim_responses, 2);
	ck_assert_uint_eq(f.state.npending, 0);
	free(tc);
	free(ss);
	smb_state_free(&f.state);
}
END_TEST

/* pcaps/smb2.pcap starts with an SMB1 multi-protocol NEGOTIATE (frame 4)
 * answered by an SMB2 NEGOTIATE response: paired, not "unmatched". */
START_TEST(smb2_answer_to_smb1_negotiate_is_expected)
{
	static const uint8_t smb1_negotiate[] = { 0, 0, 0, 8, 0xff, 'S', 'M', 'B', 0x72, 0, 0, 0 };
	struct fixture f;

	setup(&f);
	feed(&f, 0, SMB2_NEGOTIATE_RESP, 1);
	ck_assert_uint_eq(f.st.unmatched_responses, 1); /* without the SMB1 request */
	smb_state_free(&f.state);
	setup(&f);
	feed_bytes(&f, 1, smb1_negotiate, sizeof(smb1_negotiate), 1);
	feed(&f, 0, SMB2_NEGOTIATE_RESP, 2);
	ck_assert_uint_eq(f.st.unmatched_responses, 0);
	ck_assert_uint_eq(f.st.smb1_msgs, 1);
	ck_assert_uint_eq(f.state.dialect, 0x0202);
	smb_state_free(&f.state);
}
END_TEST

/* A compound CREATE + SET_INFO(delete) + CLOSE (tshark shows the FileId as
 * 645babb3-0000-...: 0x645babb3 little-endian): the related requests name
 * the file as 0xFF..FF, which the CREATE response makes concrete. */
START_TEST(compound_file_events_name_the_created_file)
{
	struct fixture f;
	const struct event *cr, *si, *cl;
	int i;

	setup(&f);
	feed(&f, 1, SMB2_COMPOUND_REQ, 1);
	feed(&f, 0, SMB2_COMPOUND_RESP, 2);
	cr = find(&f, EV_SMB_CREATE, &i);
	si = find(&f, EV_SMB_SET_INFO, NULL);
	cl = find(&f, EV_SMB_CLOSE, NULL);
	ck_assert_ptr_nonnull(cr);
	ck_assert_ptr_nonnull(si);
	ck_assert_ptr_nonnull(cl);
	ck_assert_str_eq(f.rec.path[i].s, "testfile.txt");
	ck_assert_uint_eq(cr->u.create.status, 0);
	ck_assert_uint_eq(cr->u.create.f.persistent, 0x645babb3ull);
	ck_assert_uint_eq(si->u.set_info.kind, SET_INFO_DISPOSITION);
	ck_assert_int_eq(si->u.set_info.delete_pending, 1);
	ck_assert_uint_eq(si->u.set_info.f.persistent, cr->u.create.f.persistent);
	ck_assert_uint_eq(si->u.set_info.f.volatile_id, cr->u.create.f.volatile_id);
	ck_assert_uint_eq(cl->u.close.f.volatile_id, cr->u.create.f.volatile_id);
	ck_assert_int_eq(cr->ts_us, 1);
	smb_state_free(&f.state);
}
END_TEST

/* READ: the response carries the length, the request the file. */
START_TEST(read_pairs_file_and_length)
{
	struct fixture f;
	const struct event *rd;

	setup(&f);
	feed(&f, 1, SMB2_READ_REQ, 10);
	feed(&f, 0, SMB2_READ_RESP, 20);
	rd = find(&f, EV_SMB_READ, NULL);
	ck_assert_ptr_nonnull(rd);
	ck_assert_uint_eq(rd->u.io.length, 16);
	ck_assert_uint_eq(rd->u.io.offset, 0);
	ck_assert_uint_eq(rd->u.io.f.persistent, 0xc52f8c2eull);
	ck_assert_int_eq(rd->ts_us, 10);
	smb_state_free(&f.state);
}
END_TEST

START_TEST(write_is_reported_at_the_request)
{
	struct fixture f;
	size_t n;
	uint8_t *w = unhex(SMB2_WRITE_REQ_HEAD, &n);
	const struct event *wr;

	setup(&f);
	feed_bytes(&f, 1, w, n, 5);
	wr = find(&f, EV_SMB_WRITE, NULL);
	ck_assert_ptr_nonnull(wr);
	ck_assert_uint_eq(wr->u.io.length, 7000);
	ck_assert_uint_eq(wr->u.io.f.persistent, 0xcad6d8f9ull);
	free(w);
	smb_state_free(&f.state);
}
END_TEST

/* Every truncation of the file messages stays inside the bytes given. */
START_TEST(file_messages_every_truncation)
{
	static const char *const msgs[] = { SMB2_READ_REQ, SMB2_READ_RESP, SMB2_WRITE_REQ_HEAD };
	size_t m, n, cut;

	for (m = 0; m < sizeof(msgs) / sizeof(msgs[0]); m++) {
		uint8_t *b = unhex(msgs[m], &n);

		for (cut = 4; cut <= n; cut++) {
			struct fixture f;
			uint8_t *copy = malloc(cut);

			memcpy(copy, b, cut);
			setup(&f);
			feed(&f, 1, SMB2_READ_REQ, 1);
			feed_bytes(&f, m == 1 ? 0 : 1, copy, cut, 2);
			free(copy);
			smb_state_free(&f.state);
		}
		free(b);
	}
}
END_TEST

/* Offsets of the compound request's messages (NetBIOS header included):
 * CREATE at 4, SET_INFO at 4 + its NextCommand, CLOSE after that. */
static size_t next_msg(const uint8_t *b, size_t at)
{
	return at + (size_t)(b[at + 20] | b[at + 21] << 8);
}

/* Lying lengths in the file commands: counted as malformed bodies, no
 * event with made-up values, nothing read outside the message. */
START_TEST(file_commands_with_lying_lengths)
{
	static const struct {
		int msg;             /* 0 CREATE, 1 SET_INFO */
		size_t field;        /* offset in the body */
		uint8_t value[4];
	} lies[] = {
		{ 0, 44, { 0xf0, 0xff } },             /* CREATE NameOffset past the end */
		{ 0, 46, { 0xff, 0xff } },             /* CREATE NameLength 65535 */
		{ 1, 4, { 0xff, 0xff, 0xff, 0x7f } },  /* SET_INFO BufferLength */
		{ 1, 8, { 0xf0, 0xff } },              /* SET_INFO BufferOffset past the end */
	};
	size_t k, n;

	for (k = 0; k < sizeof(lies) / sizeof(lies[0]); k++) {
		struct fixture f;
		uint8_t *b = unhex(SMB2_COMPOUND_REQ, &n);
		size_t at = lies[k].msg ? next_msg(b, 4) : 4;

		memcpy(b + at + 64 + lies[k].field, lies[k].value, lies[k].field == 4 && lies[k].msg ? 4 : 2);
		setup(&f);
		feed_bytes(&f, 1, b, n, 1);
		feed(&f, 0, SMB2_COMPOUND_RESP, 2);
		ck_assert_msg(f.st.bad_bodies >= 1, "lie %zu not noticed", k);
		if (lies[k].msg == 0) /* the create went through on the wire, its name is unknown */
			ck_assert_int_eq(f.rec.has_path[0], 0);
		free(b);
		smb_state_free(&f.state);
	}
}
END_TEST

/* A rename whose FileNameLength runs past the buffer: no name invented. */
START_TEST(rename_with_lying_name_length)
{
	struct fixture f;
	size_t n, at;
	uint8_t *b = unhex(SMB2_COMPOUND_REQ, &n);
	const struct event *si;

	at = next_msg(b, 4);
	b[at + 64 + 3] = 10; /* FileRenameInformation */
	setup(&f);
	feed_bytes(&f, 1, b, n, 1);
	feed(&f, 0, SMB2_COMPOUND_RESP, 2);
	si = find(&f, EV_SMB_SET_INFO, NULL);
	ck_assert_ptr_nonnull(si);
	ck_assert_int_eq(si->u.set_info.kind, SET_INFO_RENAME);
	ck_assert_ptr_null(si->u.set_info.new_name);
	ck_assert_uint_ge(f.st.bad_bodies, 1);
	free(b);
	smb_state_free(&f.state);
}
END_TEST

Suite *suite_smb2(void)
{
	Suite *s = suite_create("smb2");
	TCase *tc = tcase_create("messages");

	tcase_add_test(tc, tree_connect_pairs_request_and_response);
	tcase_add_test(tc, response_without_request_has_no_path);
	tcase_add_test(tc, failed_tree_connect_reports_status);
	tcase_add_test(tc, session_setup_carries_account_and_result);
	tcase_add_test(tc, compound_chain_is_followed);
	tcase_add_test(tc, compound_limit_is_counted);
	tcase_add_test(tc, lying_next_command_stops_the_chain);
	tcase_add_test(tc, compound_cut_by_the_capture_is_no_weird);
	tcase_add_test(tc, pending_limit_is_a_weird);
	tcase_add_test(tc, tree_path_offset_outside_message);
	tcase_add_test(tc, every_truncation_is_safe);
	tcase_add_test(tc, pending_table_is_bounded);
	tcase_add_test(tc, other_smb_flavours_are_counted);
	tcase_add_test(tc, wanted_bytes);
	tcase_add_test(tc, interim_response_is_not_the_result);
	tcase_add_test(tc, smb2_answer_to_smb1_negotiate_is_expected);
	tcase_add_test(tc, compound_file_events_name_the_created_file);
	tcase_add_test(tc, read_pairs_file_and_length);
	tcase_add_test(tc, write_is_reported_at_the_request);
	tcase_add_test(tc, file_messages_every_truncation);
	tcase_add_test(tc, file_commands_with_lying_lengths);
	tcase_add_test(tc, rename_with_lying_name_length);
	suite_add_tcase(s, tc);
	return s;
}
