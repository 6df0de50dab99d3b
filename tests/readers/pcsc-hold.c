/* pcsc-hold.c — a test tool: take a reader's card exclusively (as GnuPG's scdaemon does) and keep it.
 * usage: pcsc-hold READER   prints "held" once connected, then holds until stdin closes or a signal. */
#include <PCSC/winscard.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: pcsc-hold READER\n");
		return 2;
	}
	SCARDCONTEXT ctx;
	SCARDHANDLE card;
	DWORD proto;
	LONG rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &ctx);
	if (rv == SCARD_S_SUCCESS)
		rv = SCardConnect(ctx, argv[1], SCARD_SHARE_EXCLUSIVE, SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, &card, &proto);
	if (rv != SCARD_S_SUCCESS) {
		fprintf(stderr, "pcsc-hold: %s (0x%08lX)\n", pcsc_stringify_error(rv), (unsigned long)rv);
		return 1;
	}
	printf("held\n");
	fflush(stdout);
	char buf[64];
	while (read(0, buf, sizeof(buf)) > 0)
		;
	SCardDisconnect(card, SCARD_LEAVE_CARD);
	SCardReleaseContext(ctx);
	return 0;
}
