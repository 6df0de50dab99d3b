/* holders.c — the programs known to hold a card, as data, and how a process map names a PC/SC client. */
#include <string.h>

#include "cw/holders.h"

/* The common ones (issue 12): GnuPG's scdaemon takes readers exclusively by default; a browser keeps
 * its PKCS#11 module (and so the card) open while it runs; gsd-smartcard watches the card. */
static const struct cw_holder_kind kinds[] = {
	{"scdaemon",
	 {"GnuPG 的智慧卡程式 (預設獨占讀卡機)", "GnuPG's smart-card daemon (takes the reader for itself by default)"},
	 {"執行 gpgconf --kill scdaemon；要它以後不再占用，在 ~/.gnupg/scdaemon.conf 加入 disable-ccid 與 pcsc-shared 兩行",
	  "run gpgconf --kill scdaemon; to keep it from taking the card again, add the lines disable-ccid and pcsc-shared to ~/.gnupg/scdaemon.conf"}},
	{"gpg-agent",
	 {"GnuPG 的代理程式", "GnuPG's agent"},
	 {"執行 gpgconf --kill scdaemon (必要時 gpgconf --kill gpg-agent)", "run gpgconf --kill scdaemon (gpgconf --kill gpg-agent if needed)"}},
	{"gsd-smartcard",
	 {"GNOME 的智慧卡監看程式", "GNOME's smart-card watcher"},
	 {"它通常只監看卡片；若一直占用，請登出桌面再登入", "it normally only watches the card; if it keeps it, log out of the desktop and back in"}},
	{"firefox*",
	 {"Firefox 瀏覽器 (載入了卡片的 PKCS#11 模組)", "the Firefox browser (it loaded the card's PKCS#11 module)"},
	 {"關閉所有瀏覽器視窗，再檢測一次", "close every browser window, then check again"}},
	{"chrom*",
	 {"Chrome/Chromium 瀏覽器", "the Chrome/Chromium browser"},
	 {"關閉所有瀏覽器視窗，再檢測一次", "close every browser window, then check again"}},
	{"cardwiz",
	 {"另一個 cardwiz (其他終端機或服務台模式)", "another cardwiz (another terminal, or the kiosk)"},
	 {"結束另一個 cardwiz，再檢測一次", "quit the other cardwiz, then check again"}},
	{"pcsc_scan",
	 {"pcsc_scan 讀卡機監看工具", "the pcsc_scan reader monitor"},
	 {"按 Ctrl-C 結束 pcsc_scan", "stop pcsc_scan with Ctrl-C"}},
	{"ssh-pkcs11-help*",
	 {"ssh-agent 的 PKCS#11 程式", "ssh-agent's PKCS#11 helper"},
	 {"執行 ssh-add -e 模組路徑，或結束 ssh-agent", "run ssh-add -e MODULE, or stop ssh-agent"}},
	{"p11-kit-server",
	 {"p11-kit 的 PKCS#11 伺服器", "p11-kit's PKCS#11 server"},
	 {"結束 p11-kit server", "stop the p11-kit server"}},
};

int cw_maps_line_is_pcsclite(const char *line)
{
	/* The path is the last field; the library is libpcsclite.so.1 (also a ...-real or a versioned name). */
	const char *slash = strrchr(line, '/');
	return slash && strncmp(slash + 1, "libpcsclite.so", strlen("libpcsclite.so")) == 0;
}

static int name_matches(const char *pattern, const char *comm)
{
	size_t n = strlen(pattern);
	if (n && pattern[n - 1] == '*')
		return strncmp(pattern, comm, n - 1) == 0;
	return strcmp(pattern, comm) == 0;
}

const struct cw_holder_kind *cw_holder_lookup(const char *comm)
{
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (name_matches(kinds[i].comm, comm))
			return &kinds[i];
	return NULL;
}

int cw_holder_ignored(const char *comm)
{
	return strcmp(comm, "pcscd") == 0;
}
