/* pcsc-hold.c — a test tool: take a reader's card exclusively (as GnuPG's scdaemon does), or hold a
 * transaction on a shared connection (as a program in the middle of its work does), and keep it.
 * usage: pcsc-hold [--transaction] READER   prints "held" once it holds, then holds until stdin
 * closes or a signal. */
#include <PCSC/winscard.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int transaction = argc == 3 && strcmp(argv[1], "--transaction") == 0;
	if (argc != 2 + transaction) {
		fprintf(stderr, "usage: pcsc-hold [--transaction] READER\n");
		return 2;
	}
	const char *reader = argv[argc - 1];
	SCARDCONTEXT ctx;
	SCARDHANDLE card;
	DWORD proto;
	LONG rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &ctx);
	if (rv == SCARD_S_SUCCESS)
		rv = SCardConnect(ctx, reader, transaction ? SCARD_SHARE_SHARED : SCARD_SHARE_EXCLUSIVE,
				  SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, &card, &proto);
	if (rv == SCARD_S_SUCCESS && transaction)
		rv = SCardBeginTransaction(card);
	if (rv != SCARD_S_SUCCESS) {
		fprintf(stderr, "pcsc-hold: %s (0x%08lX)\n", pcsc_stringify_error(rv), (unsigned long)rv);
		return 1;
	}
	printf("held\n");
	fflush(stdout);
	char buf[64];
	while (read(0, buf, sizeof(buf)) > 0)
		;
	if (transaction)
		SCardEndTransaction(card, SCARD_LEAVE_CARD);
	SCardDisconnect(card, SCARD_LEAVE_CARD);
	SCardReleaseContext(ctx);
	return 0;
}
