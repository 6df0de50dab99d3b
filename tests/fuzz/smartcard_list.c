/* smartcard_list.c — libFuzzer target: pcsc-tools' smartcard_list.txt reader, its patterns and the file scan. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cw/atr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* ATRs the file is searched for: MOICA's three, the test bed's PIV card, and ones that hit the wildcard paths. */
static const char *const atrs[] = {
	"3B 8B 80 01 00 31 C1 64 08 40 21 30 00 90 00 57",
	"3B B8 13 00 81 31 FA 52 43 48 54 4D 4F 49 43 41 A5",
	"3B D8 96 00 81 B1 FE 45 1F 07 43 48 54 47 50 4B 49 4A DD",
	"3B 8B 81 31 FE 15 80 F9 A0 00 00 03 08 00 00 10 00 12",
	"3B 65 00 00 01 A0 12 90 00",
	"3B",
};

static int memfd = -1;
static char memfd_path[64];

/* Every line on its own: as a pattern against each ATR, and "PATTERN<TAB>TEXT" against that text. */
static void match_lines(const char *text, size_t size)
{
	const char *p = text, *end = text + size;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		char *line = malloc(len + 1);
		if (!line)
			return;
		memcpy(line, p, len);
		line[len] = '\0'; /* a NUL inside just ends it early, as for any C string */
		for (size_t i = 0; i < sizeof(atrs) / sizeof(atrs[0]); i++)
			if (cw_smartcard_list_match(line, atrs[i]) > 1)
				abort();
		char *tab = strchr(line, '\t');
		if (tab) {
			*tab = '\0';
			if (cw_smartcard_list_match(line, tab + 1) > 1)
				abort();
		}
		/* A plain ATR line matches its own canonical text. */
		unsigned char bytes[CW_ATR_MAX];
		char canon[CW_ATR_HEX_MAX];
		int n = cw_atr_from_hex(line, bytes, sizeof(bytes));
		if (n > 0) {
			cw_atr_to_hex(bytes, (size_t)n, canon, sizeof(canon));
			if (cw_smartcard_list_match(canon, canon) != 1)
				abort();
		}
		free(line);
		p += len + 1;
	}
}

/* The whole input as the list file (a memfd, so nothing touches the disk). */
static void lookup_file(const uint8_t *data, size_t size)
{
	if (memfd < 0) {
		memfd = memfd_create("smartcard_list", 0);
		if (memfd < 0)
			abort();
		snprintf(memfd_path, sizeof(memfd_path), "/proc/self/fd/%d", memfd);
	}
	if (ftruncate(memfd, 0) < 0 || pwrite(memfd, data, size, 0) != (ssize_t)size)
		abort();
	char desc[300];
	for (size_t i = 0; i < sizeof(atrs) / sizeof(atrs[0]); i++) {
		int rc = cw_smartcard_list_lookup_file(memfd_path, atrs[i], desc, sizeof(desc));
		if (rc < -1 || rc > 1 || strlen(desc) >= sizeof(desc))
			abort();
	}
	char tiny[4];
	cw_smartcard_list_lookup_file(memfd_path, atrs[0], tiny, sizeof(tiny));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	match_lines((const char *)data, size);
	lookup_file(data, size);
	return 0;
}
