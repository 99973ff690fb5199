/*
 * args.c - the shell's argument helpers: splitting a line into words,
 * numbers, sizes, data patterns, range checks, sizes for people.
 *
 * Every string here comes from the keyboard or the serial line, so each
 * function is total: any bytes give a result or an error, never a crash
 * or a wrapped value. Portable (tested on the host, see
 * tests/host/test_shell_args.c); no 64-bit division (no libgcc on i686):
 * only shifts and masks on u64.
 */
#include "kernel.h"
#include "shell_args.h"
#include "string.h"

#define U64_MAX		(~0ULL)

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * One pass with a read and a write pointer: the write pointer never gets
 * ahead (quotes and escapes only remove characters), so each word is
 * rebuilt in place and ended with a NUL where its separator or a removed
 * character was.
 */
int shell_split(char *line, char **argv, int max)
{
	char *r = line, *w = line;
	int argc = 0;

	if (max < 1)
		return -EINVAL;
	for (;;) {
		bool quoted = false;

		while (is_blank(*r))
			r++;
		if (!*r)
			break;
		if (argc == max - 1)	/* no room for this word and the NULL */
			return -E2BIG;
		argv[argc++] = w;
		for (; *r && (quoted || !is_blank(*r)); r++) {
			if (*r == '"')
				quoted = !quoted;
			else if (quoted && *r == '\\' && (r[1] == '"' || r[1] == '\\'))
				*w++ = *++r;
			else
				*w++ = *r;
		}
		if (quoted)
			return -EINVAL;
		/* Read the separator before the NUL may land on it. */
		if (*r)
			r++;
		*w++ = '\0';
	}
	argv[argc] = NULL;
	return argc;
}

/*
 * Parse the @len bytes at @s as decimal or 0x hex. kstrtoull() does the
 * digits and the overflow check; it needs a NUL-terminated string, and a
 * size's number ends before its suffix, hence the copy into num[]. The
 * rest is what the shell refuses and kstrtoull() takes: a '+', a
 * trailing newline, octal.
 */
static int parse_number(const char *s, size_t len, u64 *v)
{
	/* 23 significant digits overflow in base 10 or 16, with room to spare. */
	char num[24];
	unsigned int base = 10;
	unsigned long long val;
	size_t i;
	int err;

	for (i = 0; i < len; i++) {
		char c = s[i];

		/* Digits and letters only: no sign, blank, dot or newline. */
		if (!(c >= '0' && c <= '9') && !((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
			return -EINVAL;
	}
	if (len >= 2 && s[0] == '0' && (s[1] | 0x20) == 'x') {
		base = 16;
		s += 2;
		len -= 2;
	}
	/*
	 * Leading zeros only lengthen the string: drop them (keeping one
	 * digit). What is left starts with a non-zero character, so once it
	 * has more characters than num[] holds it overflows in either base
	 * if it is all digits; cutting it there changes no verdict, as
	 * kstrtoull() reports overflow before any junk that follows it.
	 */
	while (len > 1 && s[0] == '0') {
		s++;
		len--;
	}
	len = min(len, sizeof(num) - 1);
	memcpy(num, s, len);
	num[len] = '\0';
	err = kstrtoull(num, base, &val);	/* "" is -EINVAL: "0x", "k" */
	if (err)
		return err;
	*v = val;
	return 0;
}

int shell_parse_u64(const char *s, u64 *v)
{
	return parse_number(s, strlen(s), v);
}

int shell_parse_size(const char *s, u64 *v)
{
	size_t len = strlen(s);
	unsigned int shift = 0;
	u64 val;
	int err;

	/* k, m, g are not hex digits: "0x1g" is 1 GiB, never ambiguous. */
	switch (len ? s[len - 1] | 0x20 : 0) {
	case 'k':
		shift = 10;
		break;
	case 'm':
		shift = 20;
		break;
	case 'g':
		shift = 30;
		break;
	}
	if (shift)
		len--;
	err = parse_number(s, len, &val);
	if (err)
		return err;
	if (val > U64_MAX >> shift)
		return -ERANGE;
	*v = val << shift;
	return 0;
}

int shell_parse_pattern(const char *s, struct shell_pattern *p)
{
	struct shell_pattern pat = { .kind = PAT_STRING };
	u64 val;
	int err;

	if (s[0] >= '0' && s[0] <= '9') {
		err = shell_parse_u64(s, &val);
		if (err)
			return err;
		if (val > 0xff)
			return -ERANGE;
		pat.kind = PAT_BYTE;
		pat.byte = (u8)val;
	} else if (!strcmp(s, "inc")) {
		pat.kind = PAT_INC;
	} else if (!strncmp(s, "seed:", 5)) {
		err = shell_parse_u64(s + 5, &val);
		if (err)
			return err;
		if (val > 0xffffffffULL)
			return -ERANGE;
		pat.kind = PAT_SEED;
		pat.seed = (u32)val;
	} else {
		pat.len = strlen(s);
		if (!pat.len)
			return -EINVAL;
		if (pat.len >= sizeof(pat.str))
			return -E2BIG;
		memcpy(pat.str, s, pat.len + 1);
	}
	*p = pat;
	return 0;
}

/* One step of xorshift32 (Marsaglia, 2003), as disks_test.c's fill_pattern. */
static u32 xorshift32(u32 x)
{
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return x;
}

void shell_pattern_init(struct shell_pattern_cursor *c, const struct shell_pattern *p)
{
	c->pat = *p;
	c->pos = 0;
	c->idx = 0;
	/* The first word stored is one step after the seed, as on the host. */
	c->word = xorshift32(p->seed ? p->seed : 0x9e3779b9u);
}

/*
 * Byte by byte, with a fast path for whole words of PAT_SEED, which
 * write and verify spend most of their time in: the kernel fills
 * megabytes with it. Little-endian by shifting, so the host (any byte
 * order) and i686 agree.
 */
void shell_pattern_fill(struct shell_pattern_cursor *c, void *buf, size_t len)
{
	const struct shell_pattern *p = &c->pat;
	u8 *b = buf;

	switch (p->kind) {
	case PAT_BYTE:
		memset(b, p->byte, len);
		c->pos += len;
		return;
	case PAT_INC:
		for (size_t i = 0; i < len; i++)
			b[i] = (u8)(c->pos + i);
		c->pos += len;
		return;
	case PAT_STRING:
		for (size_t i = 0; i < len; i++) {
			b[i] = (u8)p->str[c->idx];
			if (++c->idx == p->len)
				c->idx = 0;
		}
		c->pos += len;
		return;
	case PAT_SEED:
		break;
	}
	while (len) {
		if ((c->pos & 3) == 0 && len >= 4) {
			b[0] = (u8)c->word;
			b[1] = (u8)(c->word >> 8);
			b[2] = (u8)(c->word >> 16);
			b[3] = (u8)(c->word >> 24);
			c->word = xorshift32(c->word);
			c->pos += 4;
			b += 4;
			len -= 4;
			continue;
		}
		/* A chunk that starts or ends inside a word. */
		*b++ = (u8)(c->word >> (8 * (c->pos & 3)));
		len--;
		if ((++c->pos & 3) == 0)
			c->word = xorshift32(c->word);
	}
}

/* Append @c to @buf if there is room for it and the final NUL. */
static void put_char(char *buf, size_t size, size_t *n, char c)
{
	if (*n + 1 < size)
		buf[(*n)++] = c;
}

const char *shell_pattern_name(const struct shell_pattern *p, char *buf, size_t size)
{
	size_t n = 0, i;

	if (!size)
		return buf;
	switch (p->kind) {
	case PAT_BYTE:
		snprintf(buf, size, "0x%02x", p->byte);
		return buf;
	case PAT_INC:
		snprintf(buf, size, "inc");
		return buf;
	case PAT_SEED:
		snprintf(buf, size, "seed:%u", p->seed);
		return buf;
	case PAT_STRING:
		break;
	}
	/* Quoted, with the escapes the splitter takes, so it reads as typed. */
	put_char(buf, size, &n, '"');
	for (i = 0; i < p->len; i++) {
		char c = p->str[i];

		if (c == '"' || c == '\\') {
			if (n + 2 >= size)
				break;		/* never half an escape */
			put_char(buf, size, &n, '\\');
		} else if (c < 0x20 || c == 0x7f) {
			c = '.';	/* control or non-ASCII: keep the console sane */
		}
		put_char(buf, size, &n, c);
	}
	/* A closing quote only after the whole string: a cut name looks cut. */
	if (i == p->len)
		put_char(buf, size, &n, '"');
	buf[n] = '\0';
	return buf;
}

int shell_check_range(u64 lba, u64 count, u64 capacity, char *msg, size_t size)
{
	char sz[24] = "";
	int n = 0;

	if (count == 0) {
		if (msg && size)
			snprintf(msg, size, "a count of 0 sectors: nothing to do");
		return -EINVAL;
	}
	/* count <= capacity - lba cannot wrap, unlike lba + count <= capacity. */
	if (lba < capacity && count <= capacity - lba)
		return 0;
	if (!msg || !size)
		return -ERANGE;
	if (lba >= capacity)
		n = scnprintf(msg, size, "LBA %llu", (unsigned long long)lba);
	else
		n = scnprintf(msg, size, "LBA %llu + %llu sector%s", (unsigned long long)lba,
			      (unsigned long long)count, count == 1 ? "" : "s");
	/* A capacity past 2^55 sectors has no size in bytes: leave it out. */
	if (capacity <= U64_MAX >> 9) {
		sz[0] = ',';
		sz[1] = ' ';
		shell_format_size(capacity << 9, sz + 2, sizeof(sz) - 2);
	}
	snprintf(msg + n, size - n, " is past the end of the device (%llu sector%s%s)",
		 (unsigned long long)capacity, capacity == 1 ? "" : "s", sz);
	return -ERANGE;
}

void shell_format_size(u64 bytes, char *buf, size_t size)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
	unsigned int u = 0, shift, tenths;
	u64 frac;

	while (u + 1 < ARRAY_SIZE(units) && bytes >> (10 * (u + 1)))
		u++;
	shift = 10 * u;
	frac = bytes & ((1ULL << shift) - 1);
	/* frac < 2^60, so frac * 10 fits; cut, not rounded (see the header). */
	tenths = (unsigned int)((frac * 10) >> shift);
	if (frac)
		snprintf(buf, size, "%llu.%u %s", (unsigned long long)(bytes >> shift),
			 tenths, units[u]);
	else
		snprintf(buf, size, "%llu %s", (unsigned long long)(bytes >> shift), units[u]);
}

const char *shell_key_value(const char *word, const char *key)
{
	size_t n = strlen(key);

	return !strncmp(word, key, n) && word[n] == '=' ? word + n + 1 : NULL;
}
