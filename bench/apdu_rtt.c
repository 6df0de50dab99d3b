/* apdu_rtt.c — bench: the round trip of one APDU through pcscd to the card (mean of N). */
#include <PCSC/winscard.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv)
{
	const char *reader = argc > 1 ? argv[1] : "Virtual PCD 00 00";
	int n = argc > 2 ? atoi(argv[2]) : 2000;
	SCARDCONTEXT ctx;
	SCARDHANDLE card;
	DWORD proto;
	if (SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &ctx) != SCARD_S_SUCCESS ||
	    SCardConnect(ctx, reader, SCARD_SHARE_SHARED, SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, &card, &proto) !=
		    SCARD_S_SUCCESS) {
		fprintf(stderr, "apdu_rtt: cannot reach a card in %s\n", reader);
		return 1;
	}
	static const unsigned char select_piv[] = {0x00, 0xA4, 0x04, 0x00, 0x05, 0xA0, 0x00, 0x00, 0x03, 0x08};
	const SCARD_IO_REQUEST *pci = proto == SCARD_PROTOCOL_T1 ? SCARD_PCI_T1 : SCARD_PCI_T0;
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (int i = 0; i < n; i++) {
		unsigned char resp[258];
		DWORD len = sizeof(resp);
		if (SCardTransmit(card, pci, select_piv, sizeof(select_piv), NULL, resp, &len) != SCARD_S_SUCCESS) {
			fprintf(stderr, "apdu_rtt: transmit failed at %d\n", i);
			return 1;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	double us = ((double)(b.tv_sec - a.tv_sec) * 1e6 + (double)(b.tv_nsec - a.tv_nsec) / 1e3) / n;
	printf("APDU round trip (pcscd + vpcd + vcard): %.1f us (mean of %d)\n", us, n);
	SCardDisconnect(card, SCARD_LEAVE_CARD);
	SCardReleaseContext(ctx);
	return 0;
}
