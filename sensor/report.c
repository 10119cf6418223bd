/* See report.h. Lists are cut at REPORT_TOP lines: the logs have the rest. */
#include <inttypes.h>
#include <string.h>

#include "detect.h"
#include "detect_fanout.h"
#include "logs.h"
#include "report.h"
#include "sensor.h"
#include "term_text.h"

#define REPORT_TOP 5

static void alerts(FILE *f, const struct sensor *s)
{
	const char *sep = "";
	unsigned k;

	fprintf(f, "smbsensor: %" PRIu64 " notice%s", s->st.notices, s->st.notices == 1 ? "" : "s");
	for (k = 0; k < NOTE_KINDS; k++) {
		if (!s->logs->notes[k])
			continue;
		fprintf(f, "%s %s %" PRIu64, *sep ? sep : ":", log_notice_name((enum notice_kind)k) + NOTE_PREFIX_LEN,
			s->logs->notes[k]);
		sep = ",";
	}
	fputc('\n', f);
}

static void top(FILE *f, const char *title, const struct detect_top *t, size_t n)
{
	size_t i;

	if (!n)
		return;
	fprintf(f, "  %s:", title);
	for (i = 0; i < n; i++)
		fprintf(f, "%s %s (%" PRIu64 ")", i ? "," : "", t[i].name, t[i].n);
	fputc('\n', f);
}

static void accounts(FILE *f, const struct sensor *s)
{
	struct fanout_top t[REPORT_TOP];
	size_t i, n = detect_fanout_top_accounts(s, t, REPORT_TOP);
	char name[4 * FANOUT_NAME_LEN];

	if (!n)
		return;
	fprintf(f, "  accounts by distinct hosts reached:");
	for (i = 0; i < n; i++) {
		name[0] = '\0';
		term_text_append(name, sizeof(name), t[i].account, strlen(t[i].account));
		fprintf(f, "%s %s %" PRIu32 "%s", i ? "," : "", name, t[i].hosts,
			t[i].alerts ? " (fan-out alert)" : "");
	}
	fputc('\n', f);
}

int report_graph(const struct sensor *s, const char *path)
{
	FILE *f = fopen(path, "w");
	int rc;

	if (!f)
		return -1;
	rc = detect_fanout_write_dot(s, f);
	if (fclose(f) != 0)
		rc = -1;
	return rc;
}

void report_print(FILE *f, const struct sensor *s)
{
	struct detect_top t[REPORT_TOP];

	alerts(f, s);
	accounts(f, s);
	top(f, "destinations by exec chains", t, detect_exec_top(s, t, REPORT_TOP));
}
