/* service.c — the service classifier: no-service, service-lost, no-access or polkit-denied, and why. */
#include <PCSC/pcsclite.h>

#include "cw/i18n.h"
#include "cw/service.h"

/*
 * Debian 12's pcscd has no polkit (doc/FIELD-NOTES.md), so polkit is blamed only when
 * the installed pcscd uses it and the signs fit: an SSH session where the
 * service answers but shows no reader, or a security-violation answer.
 */
enum cw_code cw_service_classify(const struct cw_service_facts *f, enum cw_service_why *why)
{
	*why = CW_WHY_NONE;
	if (f->establish_rv == SCARD_S_SUCCESS) {
		if (f->list_rv == SCARD_E_NO_READERS_AVAILABLE && f->uses_polkit && f->remote_session) {
			*why = CW_WHY_POLKIT;
			return CW_CODE_POLKIT_DENIED;
		}
		if (f->list_rv == SCARD_F_COMM_ERROR || f->list_rv == SCARD_E_NO_SERVICE) {
			*why = CW_WHY_LOST;
			return CW_CODE_SERVICE_LOST;
		}
		return CW_CODE_OK;
	}
	/* A security violation is polkit's (or the socket's) answer, which needs a running pcscd: with
	 * none, it is the client library's view of a daemon that just died. */
	if (f->establish_rv == SCARD_W_SECURITY_VIOLATION && f->running) {
		*why = f->uses_polkit ? CW_WHY_POLKIT : CW_WHY_SOCKET_DENIED;
		return f->uses_polkit ? CW_CODE_POLKIT_DENIED : CW_CODE_NO_ACCESS;
	}
	if (f->establish_rv == SCARD_F_COMM_ERROR) {
		*why = CW_WHY_LOST;
		return CW_CODE_SERVICE_LOST;
	}
	if (f->socket_denied) {
		*why = CW_WHY_SOCKET_DENIED;
		return CW_CODE_NO_ACCESS;
	}
	if (!f->installed)
		*why = CW_WHY_NOT_INSTALLED;
	else if (!f->running)
		*why = CW_WHY_NOT_RUNNING;
	else if (!f->socket_exists)
		*why = CW_WHY_NO_SOCKET;
	else
		*why = CW_WHY_OTHER;
	return CW_CODE_NO_SERVICE;
}

const char *cw_service_why_text(enum cw_service_why why)
{
	static const char *const text[][2] = {
		[CW_WHY_NONE] = {"", ""},
		[CW_WHY_NOT_INSTALLED] = {"pcscd 未安裝", "pcscd is not installed"},
		[CW_WHY_NOT_RUNNING] = {"pcscd 已安裝但未執行", "pcscd is installed but not running"},
		[CW_WHY_NO_SOCKET] = {"pcscd 在執行，但找不到它的連線端點", "pcscd runs but its socket is missing"},
		[CW_WHY_SOCKET_DENIED] = {"沒有權限開啟 pcscd 的連線端點", "the pcscd socket may not be opened"},
		[CW_WHY_POLKIT] = {"pcscd 以 polkit 拒絕遠端連線的使用者", "pcscd's polkit policy refuses this remote session"},
		[CW_WHY_LOST] = {"pcscd 在使用中停止了", "pcscd stopped while in use"},
		[CW_WHY_OTHER] = {"pcscd 沒有回應", "pcscd does not answer"},
	};
	return cw_tr(text[why][0], text[why][1]);
}
