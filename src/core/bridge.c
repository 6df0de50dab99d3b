/* bridge.c — the local signing bridge's pure parts: versions, its page, /proc/net/tcp lines, the signer text. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cw/bridge.h"

#define PART_DIGITS 9 /* fits a long everywhere; real parts have at most 6 (1.3.4.103327) */

/* Read one version at s (at most len bytes); returns the bytes it took, or -1. */
static long scan_version(const char *s, size_t len, struct cw_version *v)
{
	size_t i = 0;
	v->n = 0;
	for (;;) {
		size_t start = i;
		long n = 0;
		while (i < len && isdigit((unsigned char)s[i]) && i - start < PART_DIGITS)
			n = n * 10 + (s[i++] - '0');
		if (i == start || (i < len && isdigit((unsigned char)s[i])) || v->n == CW_VERSION_PARTS)
			return -1; /* no digit, too many digits, or too many parts */
		v->part[v->n++] = n;
		if (i + 1 < len && s[i] == '.' && isdigit((unsigned char)s[i + 1])) {
			i++;
			continue;
		}
		break;
	}
	return v->n >= 2 ? (long)i : -1;
}

int cw_version_parse(const char *s, size_t len, struct cw_version *v)
{
	struct cw_version t;
	if (scan_version(s, len, &t) != (long)len)
		return -1;
	*v = t;
	return 0;
}

int cw_version_cmp(const struct cw_version *a, const struct cw_version *b)
{
	for (int i = 0; i < CW_VERSION_PARTS; i++) {
		long x = i < a->n ? a->part[i] : 0, y = i < b->n ? b->part[i] : 0;
		if (x != y)
			return x < y ? -1 : 1;
	}
	return 0;
}

void cw_version_format(const struct cw_version *v, char *out, size_t size)
{
	size_t used = 0;
	if (size)
		out[0] = '\0';
	for (int i = 0; i < v->n && used < size; i++)
		used += (size_t)snprintf(out + used, size - used, "%s%ld", i ? "." : "", v->part[i]);
}

/* Where the body starts: after the blank line that ends the headers, else the whole text. */
static size_t body_start(const char *page, size_t len)
{
	for (size_t i = 0; i + 3 < len; i++)
		if (memcmp(page + i, "\r\n\r\n", 4) == 0)
			return i + 4;
	for (size_t i = 0; i + 1 < len; i++)
		if (memcmp(page + i, "\n\n", 2) == 0)
			return i + 2;
	return 0;
}

int cw_bridge_page_version(const char *page, size_t len, struct cw_version *v)
{
	static const char key[] = "version:";
	const size_t klen = sizeof(key) - 1;
	for (size_t i = body_start(page, len); i + klen <= len; i++) {
		if (memcmp(page + i, key, klen) != 0)
			continue;
		size_t j = i + klen;
		while (j < len && (page[j] == ' ' || page[j] == '\t') && j - i - klen < 4)
			j++;
		struct cw_version t;
		long took = scan_version(page + j, len - j, &t);
		if (took < 0)
			continue;
		size_t end = j + (size_t)took;
		/* "1.3.4.3" must end there: not "1.3.4.3beta", "1.3.4.3.", "1.3.4.3_9". */
		if (end < len && (isalnum((unsigned char)page[end]) || page[end] == '.' || page[end] == '_'))
			continue;
		*v = t;
		return 0;
	}
	return -1;
}

int cw_bridge_format(const char *host, int port, const char *min, char *out, size_t size)
{
	int n = min && *min ? snprintf(out, size, "%s:%d %s", host, port, min) : snprintf(out, size, "%s:%d", host, port);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

int cw_bridge_parse(const char *text, struct cw_bridge_addr *a)
{
	memset(a, 0, sizeof(*a));
	const char *space = strchr(text, ' ');
	size_t hp = space ? (size_t)(space - text) : strlen(text);
	const char *colon = memrchr(text, ':', hp);
	if (!colon || colon == text || (size_t)(colon - text) >= sizeof(a->host))
		return -1;
	char *end;
	long port = strtol(colon + 1, &end, 10);
	if (end != text + hp || end == colon + 1 || port <= 0 || port > 65535)
		return -1;
	memcpy(a->host, text, (size_t)(colon - text));
	a->port = (int)port;
	if (space) {
		struct cw_version v;
		size_t mlen = strlen(space + 1);
		if (mlen >= sizeof(a->min) || cw_version_parse(space + 1, mlen, &v) < 0)
			return -1;
		memcpy(a->min, space + 1, mlen + 1);
	}
	return 0;
}

/* "0100007F" (a 32-bit word printed in hex) back to the bytes the kernel holds. */
static int hex_words(const char *s, size_t len, unsigned char *out)
{
	if (len % 8)
		return -1;
	for (size_t w = 0; w < len / 8; w++) {
		char word[9];
		memcpy(word, s + 8 * w, 8);
		word[8] = '\0';
		char *end;
		uint32_t v = (uint32_t)strtoul(word, &end, 16);
		if (*end)
			return -1;
		memcpy(out + 4 * w, &v, 4); /* the kernel printed the word in host order */
	}
	return 0;
}

int cw_tcp_parse_line(const char *line, int v6, struct cw_tcp_socket *t)
{
	char local[40];
	unsigned port, state, uid;
	unsigned long inode;
	int n = 0;
	/* sl: local rem st tx:rx tr:when retrnsmt uid timeout inode */
	if (sscanf(line, " %*u: %39[0-9A-Fa-f]:%x %*[0-9A-Fa-f]:%*x %x %*x:%*x %*x:%*x %*x %u %*d %lu%n", local, &port,
		   &state, &uid, &inode, &n) != 5 ||
	    n == 0)
		return -1;
	size_t want = v6 ? 32 : 8;
	memset(t, 0, sizeof(*t));
	if (strlen(local) != want || hex_words(local, want, t->addr) < 0 || port > 65535 || state > 0xFF)
		return -1;
	t->v6 = v6;
	t->port = (int)port;
	t->state = (int)state;
	t->uid = uid;
	t->inode = inode;
	return 0;
}

static int all_zero(const unsigned char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (b[i])
			return 0;
	return 1;
}

int cw_tcp_listens_for(const struct cw_tcp_socket *t, const unsigned char *addr, int addr_len, int port)
{
	static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
	if (t->state != CW_TCP_LISTEN || t->port != port)
		return 0;
	size_t own = t->v6 ? 16 : 4;
	if (all_zero(t->addr, own))
		return 1;
	if ((size_t)addr_len == own && memcmp(t->addr, addr, own) == 0)
		return 1;
	return t->v6 && addr_len == 4 && memcmp(t->addr, mapped, 12) == 0 && memcmp(t->addr + 12, addr, 4) == 0;
}
