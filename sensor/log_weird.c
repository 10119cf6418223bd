/* weird.log: every anomaly is counted; the rate limit decides which are
 * written, so that weirds = rows + weirds_suppressed in stats.log. */
#include "flows.h"
#include "log_weird.h"
#include "logs.h"

const struct zfield log_weird_fields[] = {
	{ "ts", ZT_TIME },        { "uid", ZT_STRING },  { "id.orig_h", ZT_ADDR },
	{ "id.orig_p", ZT_PORT }, { "id.resp_h", ZT_ADDR }, { "id.resp_p", ZT_PORT },
	{ "name", ZT_STRING },    { "addl", ZT_STRING }, { "notice", ZT_BOOL },
	{ "peer", ZT_STRING },    { "source", ZT_STRING },
};
const unsigned log_weird_nfields = sizeof(log_weird_fields) / sizeof(log_weird_fields[0]);

static void write_row(struct logs *l, const struct conn *c, const struct weird *w)
{
	struct zlog *z = l->weird;

	zlog_begin(z);
	zlog_time(z, w->ts_us);
	log_conn_id(z, c);
	zlog_cstr(z, w->name);
	if (w->addl && *w->addl)
		zlog_cstr(z, w->addl);
	else
		zlog_unset(z);
	zlog_bool(z, 0); /* no weird is turned into a notice */
	zlog_cstr(z, WEIRD_PEER);
	if (w->source)
		zlog_cstr(z, w->source);
	else
		zlog_unset(z);
	logs_check(l, zlog_end(z));
}

void log_weird(struct conn *c, const struct weird *w)
{
	struct sensor *s = c->s;
	const struct weird_limits lim = { s->cfg.weird_first, s->cfg.weird_sample, s->cfg.weird_window,
					  s->cfg.weird_max_names };

	s->st.weirds++;
	switch (weird_limit(&c->weirds, &lim, w->name, w->ts_us)) {
	case WEIRD_LOG:
		write_row(s->logs, c, w);
		break;
	case WEIRD_NAMES_FULL:
		s->st.weird_names_refused++;
		/* fall through */
	case WEIRD_SUPPRESS:
		s->st.weirds_suppressed++;
		break;
	}
}
