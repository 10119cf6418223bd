/* Every event goes to every detector, after the log writers saw it. */
#include <stdio.h>
#include <uthash.h>

#include "detect.h"
#include "detect_internal.h"
#include "flows.h"

void detect_account(const struct conn *c, uint64_t session_id, char *out, size_t n)
{
	struct smb_session *ss;
	const struct text *user = &c->ntlm.username, *dom = &c->ntlm.domainname;

	HASH_FIND(hh, c->smbt.sessions, &session_id, sizeof(session_id), ss);
	if (ss && ss->account.s)
		snprintf(out, n, "%.60s%s%.60s", ss->domain.s ? ss->domain.s : "", ss->domain.s && *ss->domain.s ? "\\" : "",
			 ss->account.s);
	else if (user->set && user->len)
		snprintf(out, n, "%.60s%s%.60s", dom->set ? dom->s : "", dom->set && dom->len ? "\\" : "", user->s);
	else
		out[0] = '\0';
}

size_t detect_top_add(struct detect_top *out, size_t n_out, size_t max, const char *name, uint64_t n)
{
	size_t i = n_out < max ? n_out : max;

	if (!max || (i == max && out[max - 1].n >= n))
		return n_out;
	while (i > 0 && out[i - 1].n < n) {
		if (i < max)
			out[i] = out[i - 1];
		i--;
	}
	snprintf(out[i].name, sizeof(out[i].name), "%s", name);
	out[i].n = n;
	return n_out < max ? n_out + 1 : max;
}

void detect_event(struct sensor *s, struct conn *c, const struct event *ev)
{
	if (!s->cfg.detect)
		return;
	detect_exec_event(s, c, ev);
	detect_fanout_event(s, c, ev);
	detect_logons_event(s, c, ev);
	detect_findings_event(s, c, ev);
}

void detect_free(struct sensor *s)
{
	detect_exec_free(s);
	detect_fanout_free(s);
	detect_logons_free(s);
	detect_findings_free(s);
}
