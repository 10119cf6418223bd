/* Picks the SMB flavour of each NetBIOS message by its protocol id. */
#include "reader.h"
#include "smb.h"
#include "smb1.h"
#include "smb2.h"

enum {
	PROTO_SMB1 = 0xFF,
	PROTO_SMB2 = 0xFE,
	PROTO_TRANSFORM = 0xFD,
	PROTO_COMPRESSED = 0xFC,
};

void smb_weird_addl(const struct smb_ctx *c, const char *name, const char *addl, const char *source)
{
	struct event ev = { .type = EV_SMB_WEIRD, .ts_us = c->ts_us };

	ev.u.weird.name = name;
	ev.u.weird.addl = addl;
	ev.u.weird.source = source;
	ev_emit(c->sink, &ev);
}

void smb_weird(const struct smb_ctx *c, const char *name)
{
	smb_weird_addl(c, name, NULL, "SMB");
}

/* SMB3 TRANSFORM_HEADER: ProtocolId, Signature[16], Nonce[16],
 * OriginalMessageSize, Reserved, Flags, SessionId. Only the session can be
 * known; the rest is encrypted. */
static void transform(const struct smb_ctx *c, struct rd *r)
{
	struct event ev = { .type = EV_SMB_TRANSFORM, .version = 2, .ts_us = c->ts_us };

	rd_seek(r, 44);
	ev.u.transform.session_id = rd_le64(r);
	ev.session_id = ev.u.transform.session_id;
	if (rd_ok(r))
		ev_emit(c->sink, &ev);
}

int smb_message(struct smb_state *s, const struct smb_ctx *c, int from_client,
		 const uint8_t *msg, size_t caplen)
{
	struct rd r = rd_init(msg, caplen);
	uint8_t proto = rd_u8(&r);
	uint8_t s1 = rd_u8(&r), s2 = rd_u8(&r), s3 = rd_u8(&r);

	if (!rd_ok(&r) || s1 != 'S' || s2 != 'M' || s3 != 'B') {
		c->st->not_smb++;
		smb_weird(c, "SMB_not_smb_message");
		return 0;
	}
	rd_seek(&r, 0);
	switch (proto) {
	case PROTO_SMB2:
		smb2_message(s, c, from_client, &r);
		break;
	case PROTO_SMB1:
		c->st->smb1_msgs++;
		rd_seek(&r, 4);
		if (from_client && rd_u8(&r) == SMB1_COM_NEGOTIATE)
			s->smb1_negotiate = 1;
		rd_seek(&r, 0);
		smb1_message(s, c, from_client, &r);
		break;
	case PROTO_TRANSFORM:
		c->st->transform_msgs++;
		transform(c, &r);
		break;
	case PROTO_COMPRESSED:
		c->st->compressed_msgs++;
		break;
	default:
		c->st->not_smb++;
		smb_weird(c, "SMB_unknown_protocol_id");
		return 0;
	}
	return 1;
}

size_t smb_wanted_bytes(const struct smb_state *s, const uint8_t *head, size_t headlen, size_t len)
{
	struct rd r = rd_init(head, headlen);

	return rd_u8(&r) == PROTO_SMB2 ? (rd_seek(&r, 0), smb2_wanted_bytes(s, &r, len)) : len;
}
