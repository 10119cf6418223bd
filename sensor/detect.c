/* Every observation goes to its detector (detect_obs.h). */
#include <stdio.h>

#include "detect.h"
#include "detect_internal.h"
#include "detect_obs.h"
#include "sensor.h"

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

void detect_consume(struct sensor *s, const struct detect_obs *o)
{
	switch (o->kind) {
	case OBS_ADMIN_WRITE: detect_exec_write(s, o); break;
	case OBS_EXEC: detect_exec_call(s, o); break;
	case OBS_ACCESS: detect_fanout_obs(s, o); break;
	case OBS_LOGON_FAILURE: detect_logons_obs(s, o); break;
	case OBS_FINDING: detect_findings_obs(s, o); break;
	}
}

void detect_emit(struct sensor *s, const struct detect_obs *o)
{
	if (s->obs_out)
		s->obs_out(s, o);
	else
		detect_consume(s, o);
}

void detect_free(struct sensor *s)
{
	detect_exec_free(s);
	detect_fanout_free(s);
	detect_logons_free(s);
	detect_findings_free(s);
}
