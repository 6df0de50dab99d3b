/* service.h — telling why the smart-card service is unusable, from facts gathered elsewhere. */
#ifndef CW_SERVICE_H
#define CW_SERVICE_H

#include "cw/codes.h"

/* What cardwiz could observe about pcscd; the classifier only reads these. */
struct cw_service_facts {
	long establish_rv;   /* SCardEstablishContext's result */
	long list_rv;        /* SCardListReaders' result (when establish worked) */
	int installed;       /* a pcscd binary exists */
	int running;         /* a pcscd process exists */
	int socket_exists;   /* its socket file exists */
	int socket_denied;   /* the socket exists but may not be opened (EACCES) */
	int uses_polkit;     /* the installed pcscd is built with polkit and its policy installed */
	int remote_session;  /* an SSH session (SSH_CONNECTION / SSH_TTY) */
};

/* Why, in a sentence key the front end translates (see service.c). */
enum cw_service_why {
	CW_WHY_NONE, CW_WHY_NOT_INSTALLED, CW_WHY_NOT_RUNNING, CW_WHY_NO_SOCKET,
	CW_WHY_SOCKET_DENIED, CW_WHY_POLKIT, CW_WHY_LOST, CW_WHY_OTHER,
};

enum cw_code cw_service_classify(const struct cw_service_facts *f, enum cw_service_why *why);
const char *cw_service_why_text(enum cw_service_why why);

#endif
