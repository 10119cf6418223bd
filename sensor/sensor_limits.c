/* The limits the dissectors and trackers take, from the configuration. */
#include "sensor.h"

void sensor_limits_from_config(struct sensor *s)
{
	s->smb_lim.max_pending = s->cfg.smb_max_pending;
	s->smb_lim.max_compound = s->cfg.smb_max_compound;
	s->smb_lim.max_pipes = s->cfg.smb_max_pipes;
	s->track_lim.max_trees = s->cfg.smb_max_trees;
	s->track_lim.max_opens = s->cfg.smb_max_opens;
	s->track_lim.max_sessions = s->cfg.smb_max_sessions;
	s->rpc_lim.max_calls = s->cfg.dcerpc_max_calls;
	s->rpc_lim.max_call_bytes = s->cfg.dcerpc_max_call_bytes;
}
