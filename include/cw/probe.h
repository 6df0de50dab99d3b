/* probe.h — the probes: each talks to one part of the world and fills one check result. */
#ifndef CW_PROBE_H
#define CW_PROBE_H

#include "cw/result.h"

#define CW_READERS_MAX 16
#define CW_READER_NAME 128

/* What the probes share during one run: inputs, and what earlier probes found. */
struct cw_probe_session {
	const char *reader_wanted; /* --reader, or NULL */
	const char *module;        /* --module, or NULL */
	/* PC/SC */
	long pcsc_ctx;             /* SCARDCONTEXT; valid when have_ctx */
	int have_ctx;
	int nreaders;
	char readers[CW_READERS_MAX][CW_READER_NAME];
	int reader_index;          /* the reader the card checks use, -1 when none */
};

void cw_probe_session_init(struct cw_probe_session *s);
void cw_probe_session_close(struct cw_probe_session *s);

void cw_probe_os(struct cw_probe_session *s, struct cw_result *r);
void cw_probe_service(struct cw_probe_session *s, struct cw_result *r);
void cw_probe_reader(struct cw_probe_session *s, struct cw_result *r);

/* Facts about pcscd from the file system and process table (for the classifier). */
struct cw_service_facts;
void cw_sys_service_facts(struct cw_service_facts *f);

#endif
