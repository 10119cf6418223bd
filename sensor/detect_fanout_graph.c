/* The fan-out graph read back at the end of a run (detect_fanout.h): the
 * accounts that reached most hosts for the report, and the account -> host
 * graph as Graphviz DOT. */
#include <stdio.h>
#include <string.h>

#include "detect_fanout.h"
#include "fanout_state.h"
#include "sensor.h"

static int top_before(const struct fanout_top *a, const struct fanout_top *b)
{
	if (a->hosts != b->hosts)
		return a->hosts > b->hosts;
	if (a->alerts != b->alerts)
		return a->alerts > b->alerts;
	return strcmp(a->account, b->account) < 0;
}

size_t detect_fanout_top_accounts(const struct sensor *s, struct fanout_top *out, size_t max)
{
	const struct fanout_state *f = s->fanout;
	const struct fkey *k;
	struct fanout_top t;
	size_t n = 0, i;

	for (k = f && max ? f->keys : NULL; k; k = k->hh.next) {
		if (!fkey_is_account(k))
			continue;
		snprintf(t.account, sizeof(t.account), "%s", fstr_text(&f->names, k->name));
		t.hosts = k->nedges;
		t.alerts = k->alerts;
		if (n == max && !top_before(&t, &out[n - 1]))
			continue;
		/* Insertion into the sorted list, the last one falling off when full. */
		for (i = n < max ? n++ : n - 1; i > 0 && top_before(&t, &out[i - 1]); i--)
			out[i] = out[i - 1];
		out[i] = t;
	}
	return n;
}

/* Text from the wire inside a DOT quoted string: quotes and backslashes
 * escaped, control bytes shown as \xNN so no line or string can be broken. */
static void dot_text(FILE *f, const char *p)
{
	for (; *p; p++) {
		unsigned char ch = (unsigned char)*p;

		if (ch == '"' || ch == '\\')
			fprintf(f, "\\%c", ch);
		else if (ch < 0x20 || ch == 0x7f)
			fprintf(f, "\\\\x%02x", ch);
		else
			fputc(ch, f);
	}
}

/* A node: its id is prefixed by its kind ('a'ccount, 'h'ost), so an
 * account named like an address stays apart from the host. */
static void dot_node(FILE *f, char kind, const char *name)
{
	fprintf(f, "\t\"%c:", kind);
	dot_text(f, name);
	fputs("\" [label=\"", f);
	dot_text(f, name);
	fprintf(f, "\", shape=%s];\n", kind == 'a' ? "box" : "ellipse");
}

/* " xN", "+" when the count saturated. */
static void dot_count(FILE *f, uint16_t n)
{
	fprintf(f, " x%u%s", n, n == COUNT_MAX ? "+" : "");
}

static void dot_edge(FILE *f, const struct fanout_state *st, const struct fkey *k, uint32_t i)
{
	const struct edge *e = fkey_edge(k, i);
	const struct use *u = fkey_use(k, i);
	const char *sep = "", *dst = fstr_text(&st->names, e->dst), *name = fstr_text(&st->names, k->name);
	unsigned j;

	dot_node(f, 'h', dst);
	fputs("\t\"a:", f);
	dot_text(f, name);
	fputs("\" -> \"h:", f);
	dot_text(f, dst);
	fputs("\" [label=\"", f);
	for (j = 0; j < SHARES && u->n[j]; j++, sep = ", ") {
		fputs(sep, f);
		dot_text(f, fstr_text(&st->shares, u->share[j]));
		dot_count(f, u->n[j]);
	}
	if (u->other) {
		fprintf(f, "%sother", sep);
		dot_count(f, u->other);
	}
	if (!j && !u->other) {
		fputs("session", f);
		dot_count(f, u->sessions);
	}
	fprintf(f, "\"%s];\n", e->alerted ? ", color=red, fontcolor=red" : "");
}

int detect_fanout_write_dot(const struct sensor *s, FILE *f)
{
	const struct fanout_state *st = s->fanout;
	const struct fkey *k;
	uint32_t i;

	fputs("digraph smb_fanout {\n\trankdir=LR;\n", f);
	for (k = st ? st->keys : NULL; k; k = k->hh.next) {
		if (!fkey_is_account(k))
			continue;
		dot_node(f, 'a', fstr_text(&st->names, k->name));
		for (i = 0; i < k->nedges; i++)
			dot_edge(f, st, k, i);
	}
	fputs("}\n", f);
	return ferror(f) ? -1 : 0;
}
