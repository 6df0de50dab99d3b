/* frontend_events.c — what a change between two PC/SC snapshots means to the walk: one decision for the wizard and --plain. */
#include <string.h>

#include "cw/frontend.h"

int cw_frontend_watched_reader(const struct cw_monitor_state *ms, const char *named)
{
	if (named && !*named)
		named = NULL;
	for (int i = 0; i < ms->nreaders; i++)
		if (named ? strcmp(named, ms->readers[i]) == 0 : ms->present[i])
			return i;
	return named ? -1 : ms->nreaders > 0 ? 0 : -1;
}

int cw_frontend_monitor_event(const struct cw_monitor_state *old, const struct cw_monitor_state *now, const char *named,
			      enum cw_event *ev)
{
	int was = cw_frontend_watched_reader(old, named), is = cw_frontend_watched_reader(now, named);
	int old_present = was >= 0 && old->present[was], present = is >= 0 && now->present[is];
	unsigned old_inserted = was >= 0 ? old->inserted[was] : 0, inserted = is >= 0 ? now->inserted[is] : 0;
	if ((old->service > 0) != (now->service > 0))
		*ev = now->service > 0 ? CW_EVENT_SERVICE_BACK : CW_EVENT_SERVICE_GONE;
	else if (old->nreaders != now->nreaders)
		*ev = CW_EVENT_READERS_CHANGED;
	else if (present != old_present || (present && inserted != old_inserted))
		*ev = present ? CW_EVENT_CARD_INSERTED : CW_EVENT_CARD_REMOVED;
	else
		return 0;
	return 1;
}

void cw_frontend_take_event(struct cw_engine *e, struct cw_checker *c, enum cw_event ev)
{
	cw_secret_clear(c->pin); /* another card, or none: its PIN is asked again */
	if (ev == CW_EVENT_CARD_INSERTED || ev == CW_EVENT_SERVICE_BACK || ev == CW_EVENT_READERS_CHANGED) {
		cw_checker_kill(c);  /* killed, not stopped politely: that could wait on pcscd for ever */
		cw_checker_reset(c); /* a fresh helper: nothing loaded for the old card survives */
	}
	cw_engine_event(e, ev);
}
