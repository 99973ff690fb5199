/*
 * test_shell_args.c - host tests for shell/args.c, the shell's argument
 * helpers: the edges of every parser (empty, signs, spaces, prefixes,
 * 2^64 - 1 and 2^64, suffix overflow), the splitter's quotes and limits,
 * the data patterns against the host's reference bytes
 * (tests/qemu/diskimg.py) and across any cutting into chunks, range
 * checks at the boundaries and past a u64 wrap, sizes for lsblk, and
 * random strings to every parser, checked against small independent
 * models so a fuzz run tests meaning as well as memory safety.
 *
 * Inputs are copied into malloc()ed buffers of their exact length, so
 * ASan catches any read past a string's NUL.
 */
#include <stdlib.h>
#include "harness.h"
#include "kernel.h"
#include "shell_args.h"

#define SENTINEL	0x5a5a5a5a5a5a5a5aULL

/* A heap copy of @s with no slack, for ASan. */
static char *dup_exact(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);

	memcpy(d, s, n);
	return d;
}

/* @fn on an exact heap copy of @s. */
static int parse_exact(int (*fn)(const char *, u64 *), const char *s, u64 *v)
{
	char *d = dup_exact(s);
	int err = fn(d, v);

	free(d);
	return err;
}

#define parse_u64(s, v)		parse_exact(shell_parse_u64, s, v)
#define parse_size(s, v)	parse_exact(shell_parse_size, s, v)

/* Check the return value and the result, or that the result survived. */
#define CHECK_PARSE(fn, s, err, want) do {				\
	u64 __v = SENTINEL;						\
	CHECK_EQ(fn(s, &__v), err);					\
	if ((err) == 0)							\
		CHECK(__v == (u64)(want));				\
	else								\
		CHECK(__v == SENTINEL);					\
} while (0)

TEST(u64_accepts_decimal_and_hex)
{
	CHECK_PARSE(parse_u64, "0", 0, 0);
	CHECK_PARSE(parse_u64, "1", 0, 1);
	CHECK_PARSE(parse_u64, "4096", 0, 4096);
	CHECK_PARSE(parse_u64, "010", 0, 10);		/* never octal */
	CHECK_PARSE(parse_u64, "0x0", 0, 0);
	CHECK_PARSE(parse_u64, "0x10", 0, 16);
	CHECK_PARSE(parse_u64, "0X1f", 0, 31);
	CHECK_PARSE(parse_u64, "0xAbCd", 0, 0xabcd);
	CHECK_PARSE(parse_u64, "18446744073709551615", 0, ~0ULL);
	CHECK_PARSE(parse_u64, "0xffffffffffffffff", 0, ~0ULL);
	CHECK_PARSE(parse_u64, "0xFFFFFFFFFFFFFFFF", 0, ~0ULL);
	/* Leading zeros are harmless however many there are. */
	CHECK_PARSE(parse_u64, "00000000000000000000000000000000000000001", 0, 1);
	CHECK_PARSE(parse_u64, "0x000000000000000000000000000000000000000000ff", 0, 255);
	CHECK_PARSE(parse_u64, "000000000000000000000000000018446744073709551615", 0, ~0ULL);
	CHECK_PARSE(parse_u64, "0000000000000000000000000000000000", 0, 0);
}

TEST(u64_rejects_junk_signs_spaces)
{
	static const char *const bad[] = {
		"", "0x", "0X", "x", "x10", "-1", "+1", "-0", "+0", " 1", "1 ",
		"1\n", "\n", "1\t", "1.5", "1,000", "12x", "0x1g", "0xg", "0x0x5",
		"0x+5", "0x-5", "00x5", "1e3", "k", "1k", "abc", "0b101", "0o7",
		"\xff", "1\xff", "0x 1", "\x10", "1\x19", "0x\x11", "\x01\x02",
	};

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		u64 v = SENTINEL;

		if (parse_u64(bad[i], &v) != -EINVAL)
			harness_fail(__FILE__, __LINE__, "\"%s\" is not -EINVAL", bad[i]);
		CHECK(v == SENTINEL);
	}
}

TEST(u64_overflow_is_erange)
{
	CHECK_PARSE(parse_u64, "18446744073709551616", -ERANGE, 0);
	CHECK_PARSE(parse_u64, "99999999999999999999", -ERANGE, 0);
	CHECK_PARSE(parse_u64, "0x10000000000000000", -ERANGE, 0);
	CHECK_PARSE(parse_u64, "0x1ffffffffffffffff", -ERANGE, 0);
	CHECK_PARSE(parse_u64, "1000000000000000000000000000000000000000000000", -ERANGE, 0);
	CHECK_PARSE(parse_u64, "0x00000000000000000000010000000000000000", -ERANGE, 0);
	/* As kstrtoull: an overflow is reported before the junk after it. */
	CHECK_PARSE(parse_u64, "99999999999999999999x", -ERANGE, 0);
	CHECK_PARSE(parse_u64, "1x99999999999999999999", -EINVAL, 0);
}

TEST(size_suffixes_are_binary)
{
	CHECK_PARSE(parse_size, "0", 0, 0);
	CHECK_PARSE(parse_size, "512", 0, 512);
	CHECK_PARSE(parse_size, "1k", 0, 1024);
	CHECK_PARSE(parse_size, "1K", 0, 1024);
	CHECK_PARSE(parse_size, "4m", 0, 4 << 20);
	CHECK_PARSE(parse_size, "64M", 0, 64 << 20);
	CHECK_PARSE(parse_size, "1g", 0, 1ULL << 30);
	CHECK_PARSE(parse_size, "3G", 0, 3ULL << 30);
	CHECK_PARSE(parse_size, "0k", 0, 0);
	CHECK_PARSE(parse_size, "0x10k", 0, 16 << 10);
	CHECK_PARSE(parse_size, "0X1G", 0, 1ULL << 30);
	CHECK_PARSE(parse_size, "0xbm", 0, 11 << 20);
	CHECK_PARSE(parse_size, "010k", 0, 10 << 10);
	CHECK_PARSE(parse_size, "0000000000000000000000000000000000000001k", 0, 1024);
	CHECK_PARSE(parse_size, "18446744073709551615", 0, ~0ULL);
	/* The largest of each: 2^64 - 2^shift. */
	CHECK_PARSE(parse_size, "18014398509481983k", 0, ~0ULL << 10);
	CHECK_PARSE(parse_size, "17592186044415M", 0, ~0ULL << 20);
	CHECK_PARSE(parse_size, "17179869183G", 0, ~0ULL << 30);
	CHECK_PARSE(parse_size, "0x3ffffffffG", 0, ~0ULL << 30);
	CHECK_PARSE(parse_size, "16777216G", 0, 1ULL << 54);	/* 16 PiB: fits */
}

TEST(size_overflow_and_junk)
{
	static const char *const bad[] = {
		"", "k", "K", "m", "g", "0x", "0xk", "1.5M", "1.5", "-1k", "+1k",
		" 1k", "1k ", "1 k", "1kk", "1km", "1KiB", "1kB", "1kb", "1b", "1B",
		"1t", "1T", "1\n", "1k\n", "k1", "0x1gk", "x1k", "1\xcb",
	};

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		u64 v = SENTINEL;

		if (parse_size(bad[i], &v) != -EINVAL)
			harness_fail(__FILE__, __LINE__, "\"%s\" is not -EINVAL", bad[i]);
		CHECK(v == SENTINEL);
	}
	CHECK_PARSE(parse_size, "17179869184G", -ERANGE, 0);	/* exactly 2^64 */
	CHECK_PARSE(parse_size, "18014398509481984k", -ERANGE, 0);
	CHECK_PARSE(parse_size, "17592186044416M", -ERANGE, 0);
	CHECK_PARSE(parse_size, "18446744073709551615k", -ERANGE, 0);
	CHECK_PARSE(parse_size, "18446744073709551616", -ERANGE, 0);
	CHECK_PARSE(parse_size, "0x10000000000000000k", -ERANGE, 0);
	CHECK_PARSE(parse_size, "0x400000000G", -ERANGE, 0);
}

/*
 * Split @line (copied to an exact heap buffer) with room for @max
 * pointers and compare with the words in @want (NULL-terminated), or
 * with the error @err.
 */
static void check_split(int lineno, const char *line, int max, int err,
			const char *const *want)
{
	char *buf = dup_exact(line);
	char **argv = calloc(max > 0 ? max : 1, sizeof(*argv));
	int argc = shell_split(buf, argv, max);
	int n = 0;

	while (want && want[n])
		n++;
	if (err) {
		if (argc != err)
			harness_fail(__FILE__, lineno, "split \"%s\": %d, want %d", line, argc, err);
	} else if (argc != n) {
		harness_fail(__FILE__, lineno, "split \"%s\": %d words, want %d", line, argc, n);
	} else {
		for (int i = 0; i < n; i++)
			if (strcmp(argv[i], want[i]))
				harness_fail(__FILE__, lineno, "split \"%s\": word %d \"%s\", want \"%s\"",
					     line, i, argv[i], want[i]);
		if (argv[n])
			harness_fail(__FILE__, lineno, "split \"%s\": argv[%d] not NULL", line, n);
	}
	free(argv);
	free(buf);
}

#define WORDS(...)	((const char *const []){ __VA_ARGS__, NULL })
#define SPLIT(line, ...) check_split(__LINE__, line, 16, 0, WORDS(__VA_ARGS__))
#define SPLIT_NONE(line) check_split(__LINE__, line, 16, 0, NULL)
#define SPLIT_ERR(line, max, err) check_split(__LINE__, line, max, err, NULL)

TEST(split_words_and_blanks)
{
	SPLIT_NONE("");
	SPLIT_NONE(" ");
	SPLIT_NONE(" \t  \t");
	SPLIT("a", "a");
	SPLIT("lsblk", "lsblk");
	SPLIT("read sda 0 8", "read", "sda", "0", "8");
	SPLIT("  read \t sda\t0   8  ", "read", "sda", "0", "8");
	SPLIT("\tx\t", "x");
	/* Only spaces and tabs separate; other bytes are word characters. */
	SPLIT("a\rb\nc", "a\rb\nc");
	SPLIT("a\\ b", "a\\", "b");		/* no escapes outside quotes */
}

TEST(split_quotes_and_escapes)
{
	SPLIT("write sda 0 1 \"hello world\"", "write", "sda", "0", "1", "hello world");
	SPLIT("\"a b c\"", "a b c");
	SPLIT("x\"y z\"", "xy z");
	SPLIT("\"y z\"x", "y zx");
	SPLIT("a\"b\"c\"d e\"f", "abcd ef");
	SPLIT("\"\"", "");
	SPLIT("a \"\" b", "a", "", "b");
	SPLIT("\"\"\"\"", "");
	SPLIT("\"  \"", "  ");
	SPLIT("\"\t\"", "\t");
	SPLIT("\"say \\\"hi\\\"\"", "say \"hi\"");
	SPLIT("\"back\\\\slash\"", "back\\slash");
	SPLIT("\"\\\\\"", "\\");
	SPLIT("\"\\n\\x\"", "\\n\\x");	/* other escapes kept as typed */
	SPLIT("\"a\\\\\" b", "a\\", "b");
	SPLIT("\"\\\"\"", "\"");
}

TEST(split_errors)
{
	SPLIT_ERR("\"", 16, -EINVAL);
	SPLIT_ERR("a \"b c", 16, -EINVAL);
	SPLIT_ERR("\"abc\\\"", 16, -EINVAL);	/* the escaped quote does not close */
	SPLIT_ERR("a\"\"\"", 16, -EINVAL);
	SPLIT_ERR("a", 0, -EINVAL);
	SPLIT_ERR("a", -1, -EINVAL);
	/* max pointers: max - 1 words and the NULL. */
	SPLIT_ERR("a", 1, -E2BIG);
	check_split(__LINE__, "", 1, 0, NULL);
	check_split(__LINE__, "   ", 1, 0, NULL);
	check_split(__LINE__, "a b c", 4, 0, WORDS("a", "b", "c"));
	SPLIT_ERR("a b c d", 4, -E2BIG);
	check_split(__LINE__, "a b c   ", 4, 0, WORDS("a", "b", "c"));
	SPLIT_ERR("a b c \"\"", 4, -E2BIG);
}

/* The same generator, written out as diskimg.py writes it. */
static void ref_seed(u32 seed, u8 *buf, size_t len)
{
	u32 x = seed ? seed : 0x9e3779b9u;

	for (size_t i = 0; i + 4 <= len; i += 4) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		for (int j = 0; j < 4; j++)
			buf[i + j] = (u8)(x >> (8 * j));
	}
}

static struct shell_pattern pattern(const char *s)
{
	struct shell_pattern p;
	char *d = dup_exact(s);

	memset(&p, 0xa5, sizeof(p));
	CHECK_EQ(shell_parse_pattern(d, &p), 0);
	free(d);
	return p;
}

static void fill_all(const struct shell_pattern *p, u8 *buf, size_t len)
{
	struct shell_pattern_cursor c;

	shell_pattern_init(&c, p);
	shell_pattern_fill(&c, buf, len);
	CHECK(c.pos == len);
}

TEST(pattern_parse)
{
	/* val: the byte, the seed or the string's length. */
	static const struct { const char *s; int kind; u32 val; } ok[] = {
		{ "0xAA", PAT_BYTE, 0xaa }, { "170", PAT_BYTE, 170 }, { "0", PAT_BYTE, 0 },
		{ "255", PAT_BYTE, 255 }, { "0x00ff", PAT_BYTE, 255 }, { "inc", PAT_INC, 0 },
		{ "seed:7", PAT_SEED, 7 }, { "seed:0", PAT_SEED, 0 },
		{ "seed:0xffffffff", PAT_SEED, 0xffffffff }, { "hello", PAT_STRING, 5 },
		{ "x", PAT_STRING, 1 },
		/* Near misses of the keywords are strings. */
		{ "INC", PAT_STRING, 3 }, { "inc2", PAT_STRING, 4 }, { "seed", PAT_STRING, 4 },
		{ "Seed:1", PAT_STRING, 6 }, { " 1", PAT_STRING, 2 }, { "-1", PAT_STRING, 2 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(ok); i++) {
		struct shell_pattern p = pattern(ok[i].s);

		CHECK_EQ(p.kind, ok[i].kind);
		if (p.kind == PAT_BYTE)
			CHECK_EQ(p.byte, ok[i].val);
		if (p.kind == PAT_SEED)
			CHECK_EQ(p.seed, ok[i].val);
		if (p.kind == PAT_STRING) {
			CHECK_EQ(p.len, ok[i].val);
			CHECK_STREQ(p.str, ok[i].s);
		}
	}
}

TEST(pattern_parse_errors)
{
	static const struct { const char *s; int err; } bad[] = {
		{ "", -EINVAL }, { "256", -ERANGE }, { "0x100", -ERANGE },
		{ "18446744073709551616", -ERANGE }, { "0x", -EINVAL },
		{ "12ab", -EINVAL }, { "1 ", -EINVAL }, { "0xZZ", -EINVAL },
		{ "seed:", -EINVAL }, { "seed:-1", -EINVAL }, { "seed:x", -EINVAL },
		{ "seed:0x100000000", -ERANGE }, { "seed:4294967296", -ERANGE },
		{ "seed: 1", -EINVAL },
		{ "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijkl", -E2BIG },
	};

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		struct shell_pattern p, before;
		char *d = dup_exact(bad[i].s);
		int err;

		memset(&p, 0xa5, sizeof(p));
		before = p;
		err = shell_parse_pattern(d, &p);
		if (err != bad[i].err)
			harness_fail(__FILE__, __LINE__, "pattern \"%s\": %d, want %d",
				     bad[i].s, err, bad[i].err);
		CHECK(!memcmp(&p, &before, sizeof(p)));
		free(d);
	}
	/* 63 bytes is the longest string. */
	CHECK_EQ(pattern("abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijk").len, 63);
}

TEST(pattern_bytes_match_the_host)
{
	/* tests/qemu/diskimg.py pattern(seed, 1): bytes 0-15 and 508-511. */
	static const struct { u32 seed; u8 head[16]; u8 word127[4]; } ref[] = {
		{ 0, { 0x19, 0x46, 0x0c, 0x51, 0x3e, 0x55, 0x2e, 0xe0,
		       0x3a, 0x8f, 0xb9, 0x7b, 0xb5, 0xa8, 0x83, 0x01 },
		  { 0xc1, 0x1e, 0xd1, 0xbe } },
		{ 1, { 0x21, 0x20, 0x04, 0x00, 0x01, 0x06, 0x08, 0x04,
		       0xc5, 0xa8, 0xcc, 0x9d, 0x4f, 0x99, 0x55, 0x12 },
		  { 0x2d, 0xb5, 0xcb, 0x7f } },
		{ 7, { 0xe7, 0xe0, 0x1c, 0x00, 0x07, 0x92, 0x09, 0x1c,
		       0x43, 0xc1, 0x65, 0xe7, 0x45, 0x52, 0xfc, 0xb6 },
		  { 0xb3, 0x30, 0x20, 0xe1 } },
		{ 0xffffffff, { 0x1f, 0xe0, 0x03, 0x00, 0xff, 0xfd, 0x07, 0xfc,
				0x43, 0x98, 0xbb, 0x74, 0xda, 0x88, 0xcc, 0xf1 },
		  { 0x7c, 0x8d, 0xeb, 0x5a } },
	};
	u8 buf[512];

	for (size_t i = 0; i < ARRAY_SIZE(ref); i++) {
		struct shell_pattern p = { .kind = PAT_SEED, .seed = ref[i].seed };

		fill_all(&p, buf, sizeof(buf));
		CHECK(!memcmp(buf, ref[i].head, 16));
		CHECK(!memcmp(buf + 508, ref[i].word127, 4));
	}
}

/*
 * Every kind, filled 1 MiB at once, equals its definition and equals the
 * same MiB cut into random chunks: 0, 1, 2, 3 bytes, odd sizes, whole
 * sectors, whatever the position in a word or a string.
 */
TEST(pattern_fill_any_chunking)
{
	static const char *const kinds[] = {
		"0xAA", "0", "inc", "seed:0", "seed:1", "seed:123456789", "a",
		"hello", "abc", "abcdef0123456789abcdef0123456789abcdef0123456789abcdef012345678",
	};
	const size_t len = 1 << 20;
	u8 *whole = malloc(len), *cut = malloc(len), *want = malloc(len);
	unsigned int r = 12345;

	for (size_t k = 0; k < ARRAY_SIZE(kinds); k++) {
		struct shell_pattern p = pattern(kinds[k]);
		struct shell_pattern_cursor c;
		size_t off = 0;

		/* The definitions of shell_args.h, byte by byte. */
		if (p.kind == PAT_SEED)
			ref_seed(p.seed, want, len);
		for (size_t i = 0; p.kind != PAT_SEED && i < len; i++)
			want[i] = p.kind == PAT_BYTE ? p.byte :
				  p.kind == PAT_INC ? (u8)i : (u8)p.str[i % p.len];
		fill_all(&p, whole, len);
		if (memcmp(whole, want, len))
			harness_fail(__FILE__, __LINE__, "%s: one fill differs", kinds[k]);

		memset(cut, 0x5a, len);
		shell_pattern_init(&c, &p);
		while (off < len) {
			size_t n;

			r = r * 1103515245 + 12345;
			switch ((r >> 16) % 4) {
			case 0:
				n = (r >> 20) % 4;		/* 0..3 bytes */
				break;
			case 1:
				n = (r >> 20) % 64;
				break;
			case 2:
				n = 512 * ((r >> 20) % 9);
				break;
			default:
				n = (r >> 12) % 70000;
				break;
			}
			n = min(n, len - off);
			shell_pattern_fill(&c, cut + off, n);
			off += n;
			CHECK(c.pos == off);
		}
		if (memcmp(cut, want, len))
			harness_fail(__FILE__, __LINE__, "%s: chunked fill differs", kinds[k]);
	}
	free(whole);
	free(cut);
	free(want);
}

/* The cursor copied the pattern: it does not read the caller's again. */
TEST(pattern_cursor_owns_its_pattern)
{
	struct shell_pattern p = pattern("xy");
	struct shell_pattern_cursor c;
	u8 buf[5];

	shell_pattern_init(&c, &p);
	memset(&p, 0, sizeof(p));
	shell_pattern_fill(&c, buf, sizeof(buf));
	CHECK(!memcmp(buf, "xyxyx", 5));
}

/* The name of the pattern parsed from @s. */
#define NAME(s, size) (p = pattern(s), shell_pattern_name(&p, buf, size))

TEST(pattern_names)
{
	char buf[80], *argv[4];
	struct shell_pattern p;

	CHECK_STREQ(NAME("0xAA", sizeof(buf)), "0xaa");
	CHECK_STREQ(NAME("7", sizeof(buf)), "0x07");
	CHECK_STREQ(NAME("inc", sizeof(buf)), "inc");
	CHECK_STREQ(NAME("seed:7", sizeof(buf)), "seed:7");
	CHECK_STREQ(NAME("seed:0x0", sizeof(buf)), "seed:0");
	CHECK_STREQ(NAME("seed:0xffffffff", sizeof(buf)), "seed:4294967295");
	CHECK_STREQ(NAME("seed:12345", 5), "seed");
	CHECK_STREQ(NAME("hello", sizeof(buf)), "\"hello\"");
	CHECK_STREQ(NAME("a\"b\\c\x01\x7f\xe9", sizeof(buf)), "\"a\\\"b\\\\c...\"");
	/* Truncated, always terminated, never half an escape. */
	p = pattern("hello");
	CHECK_STREQ(shell_pattern_name(&p, buf, 4), "\"he");
	CHECK_STREQ(shell_pattern_name(&p, buf, 1), "");
	CHECK_STREQ(shell_pattern_name(&p, buf, 7), "\"hello");
	CHECK_STREQ(shell_pattern_name(&p, buf, 8), "\"hello\"");
	p = pattern("a\"");
	CHECK_STREQ(shell_pattern_name(&p, buf, 4), "\"a");
	CHECK_STREQ(shell_pattern_name(&p, buf, 5), "\"a\\\"");
	buf[0] = 'z';
	shell_pattern_name(&p, buf, 0);		/* writes nothing */
	CHECK_EQ(buf[0], 'z');
	/* The name splits back into the same string. */
	NAME("say \"hi\" \\o/", sizeof(buf));
	CHECK_EQ(shell_split(buf, argv, 4), 1);
	CHECK_STREQ(argv[0], "say \"hi\" \\o/");
}

#define RANGE(lba, count, cap, err, text) do {				\
	char __m[128] = "untouched";					\
	CHECK_EQ(shell_check_range(lba, count, cap, __m, sizeof(__m)), err); \
	CHECK_STREQ(__m, (err) ? (text) : "untouched");			\
} while (0)

TEST(range_checks)
{
	const u64 max = ~0ULL;

	RANGE(0, 1, 4096, 0, "");
	RANGE(0, 4096, 4096, 0, "");
	RANGE(4095, 1, 4096, 0, "");
	RANGE(4000, 96, 4096, 0, "");
	RANGE(max - 1, 1, max, 0, "");
	RANGE(0, max, max, 0, "");
	RANGE(5000, 10, 4096, -ERANGE,
	      "LBA 5000 is past the end of the device (4096 sectors, 2 MiB)");
	RANGE(4096, 1, 4096, -ERANGE,
	      "LBA 4096 is past the end of the device (4096 sectors, 2 MiB)");
	RANGE(4090, 10, 4096, -ERANGE,
	      "LBA 4090 + 10 sectors is past the end of the device (4096 sectors, 2 MiB)");
	RANGE(0, 4097, 4096, -ERANGE,
	      "LBA 0 + 4097 sectors is past the end of the device (4096 sectors, 2 MiB)");
	RANGE(4095, 2, 4096, -ERANGE,
	      "LBA 4095 + 2 sectors is past the end of the device (4096 sectors, 2 MiB)");
	RANGE(0, 2, 1, -ERANGE,
	      "LBA 0 + 2 sectors is past the end of the device (1 sector, 512 B)");
	RANGE(0, 1, 0, -ERANGE, "LBA 0 is past the end of the device (0 sectors, 0 B)");
	RANGE(0, 0, 4096, -EINVAL, "a count of 0 sectors: nothing to do");
	RANGE(9999, 0, 4096, -EINVAL, "a count of 0 sectors: nothing to do");
	/* lba + count wraps to a small number: still past the end. */
	RANGE(1, max, 4096, -ERANGE,
	      "LBA 1 + 18446744073709551615 sectors is past the end of the device "
	      "(4096 sectors, 2 MiB)");
	RANGE(4095, max - 4094, 4096, -ERANGE,
	      "LBA 4095 + 18446744073709547521 sectors is past the end of the device "
	      "(4096 sectors, 2 MiB)");
	RANGE(max, 1, 4096, -ERANGE,
	      "LBA 18446744073709551615 is past the end of the device (4096 sectors, 2 MiB)");
	RANGE(1, max, max, -ERANGE,
	      "LBA 1 + 18446744073709551615 sectors is past the end of the device "
	      "(18446744073709551615 sectors)");
	RANGE(0, 1ULL << 55, 1ULL << 55, 0, "");
	/* 2^55 sectors are 2^64 bytes: no size in bytes. */
	RANGE(1ULL << 55, 1, 1ULL << 55, -ERANGE,
	      "LBA 36028797018963968 is past the end of the device "
	      "(36028797018963968 sectors)");
	RANGE(1ULL << 55, 1, (1ULL << 55) - 1, -ERANGE,
	      "LBA 36028797018963968 is past the end of the device "
	      "(36028797018963967 sectors, 15.9 EiB)");
	RANGE(7, 1, 3, -ERANGE,
	      "LBA 7 is past the end of the device (3 sectors, 1.5 KiB)");
	/* A short or missing message buffer is fine. */
	{
		char m[8];

		CHECK_EQ(shell_check_range(5000, 1, 4096, m, sizeof(m)), -ERANGE);
		CHECK_STREQ(m, "LBA 500");
		CHECK_EQ(shell_check_range(5000, 1, 4096, NULL, 0), -ERANGE);
		CHECK_EQ(shell_check_range(0, 0, 4096, NULL, 0), -EINVAL);
		CHECK_EQ(shell_check_range(0, 1, 4096, NULL, 0), 0);
	}
}

#define SIZE_IS(bytes, text) do {					\
	char __b[32];							\
	shell_format_size(bytes, __b, sizeof(__b));			\
	CHECK_STREQ(__b, text);						\
} while (0)

TEST(format_size)
{
	SIZE_IS(0, "0 B");
	SIZE_IS(1, "1 B");
	SIZE_IS(512, "512 B");
	SIZE_IS(1023, "1023 B");
	SIZE_IS(1024, "1 KiB");
	SIZE_IS(1536, "1.5 KiB");
	SIZE_IS(1025, "1.0 KiB");		/* not whole: a decimal, cut */
	SIZE_IS(2047, "1.9 KiB");		/* never rounded up */
	SIZE_IS(4096, "4 KiB");
	SIZE_IS(1ULL << 20, "1 MiB");
	SIZE_IS(64ULL << 20, "64 MiB");
	SIZE_IS((1ULL << 20) - 1, "1023.9 KiB");
	SIZE_IS(3ULL << 29, "1.5 GiB");
	SIZE_IS(200ULL << 30, "200 GiB");
	SIZE_IS(1ULL << 40, "1 TiB");
	SIZE_IS(1ULL << 50, "1 PiB");
	SIZE_IS(1ULL << 60, "1 EiB");
	SIZE_IS(~0ULL, "15.9 EiB");
	SIZE_IS(3ULL << 62, "12 EiB");
	{
		char b[4];

		shell_format_size(64ULL << 20, b, sizeof(b));
		CHECK_STREQ(b, "64 ");
	}
}

/* ---- random strings against small models of the rules ---- */

static unsigned int fuzz_state = 2463534242u;

static unsigned int fuzz_rand(void)
{
	fuzz_state ^= fuzz_state << 13;
	fuzz_state ^= fuzz_state >> 17;
	fuzz_state ^= fuzz_state << 5;
	return fuzz_state;
}

/*
 * A random string from @alpha, with any byte 1..255 now and then, and runs
 * of zeros so long numbers and leading zeros are common.
 */
static void fuzz_string(char *s, size_t max, const char *alpha)
{
	size_t len = fuzz_rand() % max, n = strlen(alpha), i = 0;

	while (i < len) {
		unsigned int r = fuzz_rand();

		if (r % 16 == 0)
			s[i++] = (char)(1 + (r >> 8) % 255);
		else if (r % 16 == 1)
			for (int z = 0; z < 8 && i < len; z++)
				s[i++] = '0';
		else
			s[i++] = alpha[(r >> 8) % n];
	}
	s[len] = '\0';
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
		return (c | 0x20) - 'a' + 10;
	return 99;
}

/* The number rules of shell_args.h, written out on their own. */
static int model_u64(const char *s, size_t len, u64 *v)
{
	unsigned __int128 val = 0;
	unsigned int base = 10;
	bool over = false;
	size_t i = 0, start;

	for (size_t j = 0; j < len; j++)
		if (!((s[j] >= '0' && s[j] <= '9') || ((s[j] | 0x20) >= 'a' && (s[j] | 0x20) <= 'z')))
			return -EINVAL;
	if (len >= 2 && s[0] == '0' && (s[1] | 0x20) == 'x') {
		base = 16;
		i = 2;
	}
	for (start = i; i < len && hexval(s[i]) < (int)base; i++) {
		val = val * base + hexval(s[i]);
		if (val > ~0ULL) {
			over = true;
			val = 1;	/* keep going without overflowing the model */
		}
	}
	if (over)
		return -ERANGE;
	if (i == start || i != len)
		return -EINVAL;
	*v = (u64)val;
	return 0;
}

static int model_size(const char *s, u64 *v)
{
	size_t len = strlen(s);
	unsigned int shift = 0;
	u64 val;
	int err;

	if (len && strchr("kK", s[len - 1]))
		shift = 10;
	else if (len && strchr("mM", s[len - 1]))
		shift = 20;
	else if (len && strchr("gG", s[len - 1]))
		shift = 30;
	err = model_u64(s, len - !!shift, &val);
	if (err)
		return err;
	if (shift && val >> (64 - shift))
		return -ERANGE;
	*v = val << shift;
	return 0;
}

TEST(fuzz_numbers_match_the_model)
{
	char s[64];

	for (int i = 0; i < 200000; i++) {
		u64 got = SENTINEL, want = SENTINEL;
		int eg, ew;

		fuzz_string(s, 48, "0123456789abcdefxXkKmMgG0000xx+- .\n");
		ew = model_u64(s, strlen(s), &want);
		eg = parse_u64(s, &got);
		if (eg != ew || got != want)
			harness_fail(__FILE__, __LINE__, "u64 \"%s\": %d %llu, model %d %llu", s,
				     eg, (unsigned long long)got, ew, (unsigned long long)want);
		got = want = SENTINEL;
		ew = model_size(s, &want);
		eg = parse_size(s, &got);
		if (eg != ew || got != want)
			harness_fail(__FILE__, __LINE__, "size \"%s\": %d %llu, model %d %llu", s,
				     eg, (unsigned long long)got, ew, (unsigned long long)want);
	}
}

/*
 * The splitting rules as a character-by-character state machine into
 * separate buffers, independent of shell_split's in-place pointers.
 */
static int model_split(const char *s, char words[][256], int max)
{
	int n = -1;
	size_t w = 0;
	bool in_word = false, quoted = false;

	for (;; s++) {
		if (!*s || (!quoted && (*s == ' ' || *s == '\t'))) {
			if (in_word)
				words[n][w] = '\0';
			in_word = false;
			if (!*s)
				break;
			continue;
		}
		if (!in_word) {
			if (++n >= max - 1)
				return -E2BIG;
			in_word = true;
			w = 0;
		}
		if (*s == '"')
			quoted = !quoted;
		else if (quoted && *s == '\\' && (s[1] == '"' || s[1] == '\\'))
			words[n][w++] = *++s;
		else
			words[n][w++] = *s;
	}
	return quoted ? -EINVAL : n + 1;
}

TEST(fuzz_split_matches_the_model)
{
	static char words[8][256];
	char s[200], *argv[8];

	for (int i = 0; i < 200000; i++) {
		int max = 1 + fuzz_rand() % 8;
		char *d;
		int got, want;

		fuzz_string(s, sizeof(s) - 1, "ab \t\"\"\\\\  x");
		d = dup_exact(s);
		want = model_split(s, words, max);
		got = shell_split(d, argv, max);
		if (got != want) {
			harness_fail(__FILE__, __LINE__, "split \"%s\" max %d: %d, model %d",
				     s, max, got, want);
		} else if (got >= 0) {
			CHECK(argv[got] == NULL);
			for (int j = 0; j < got; j++) {
				CHECK(argv[j] >= d && argv[j] < d + strlen(s) + 1);
				if (strcmp(argv[j], words[j]))
					harness_fail(__FILE__, __LINE__, "split \"%s\" word %d: \"%s\", "
						     "model \"%s\"", s, j, argv[j], words[j]);
			}
		}
		free(d);
	}
}

/* Patterns and names from random words: no crash, and names re-split. */
TEST(fuzz_patterns)
{
	char s[80], name[160], *argv[4];

	for (int i = 0; i < 100000; i++) {
		struct shell_pattern p;
		struct shell_pattern_cursor c;
		u8 buf[37];
		char *d;

		if (fuzz_rand() % 4 == 0) {
			strcpy(s, "seed:");
			fuzz_string(s + 5, 24, "0123456789xabcdef");
		} else {
			fuzz_string(s, 72, "0123456789xabinc\"\\ ");
		}
		d = dup_exact(s);
		if (shell_parse_pattern(d, &p) == 0) {
			shell_pattern_init(&c, &p);
			shell_pattern_fill(&c, buf, fuzz_rand() % sizeof(buf));
			shell_pattern_name(&p, name, 1 + fuzz_rand() % sizeof(name));
			shell_pattern_name(&p, name, sizeof(name));
			if (p.kind == PAT_STRING) {
				bool plain = true;

				for (size_t j = 0; j < p.len; j++)
					if ((unsigned char)p.str[j] < 0x20 || (unsigned char)p.str[j] >= 0x7f)
						plain = false;
				if (plain && (shell_split(name, argv, 4) != 1 || strcmp(argv[0], p.str)))
					harness_fail(__FILE__, __LINE__, "name of \"%s\" splits wrong", s);
			}
		}
		free(d);
	}
}
