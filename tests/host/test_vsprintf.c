/*
 * test_vsprintf.c - host tests for lib/vsprintf.c: every conversion, flag
 * and length modifier against C99's rules, the limits of each type,
 * truncation and return values, and the 64-bit division on which %llu
 * depends on i686 (checked against the host's own division).
 *
 * Every call reaches our vsnprintf or snprintf through a volatile pointer:
 * GCC would otherwise fold calls with constant arguments at compile time
 * and the test would check GCC, not us. The
 * expectations were cross-checked with glibc where C defines the result.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include "harness.h"
#include "kernel.h"
#include "kallsyms.h"

static int (*volatile vsnprintf_fn)(char *, size_t, const char *, va_list) =
	vsnprintf;
static int (*volatile snprintf_fn)(char *, size_t, const char *, ...) =
	snprintf;

static char fmt_buf[512];
static int fmt_ret;

static const char *vfmt(const char *f, va_list ap)
{
	memset(fmt_buf, 'X', sizeof(fmt_buf));
	fmt_ret = vsnprintf_fn(fmt_buf, sizeof(fmt_buf), f, ap);
	return fmt_buf;
}

/* Formats GCC can type-check. */
static __printf(1, 2) const char *fmt(const char *f, ...)
{
	va_list ap;

	va_start(ap, f);
	vfmt(f, ap);
	va_end(ap);
	return fmt_buf;
}

/* Formats -Wformat rejects on purpose: undefined flag mixes, %pS, junk. */
static const char *fmt_raw(const char *f, ...)
{
	va_list ap;

	va_start(ap, f);
	vfmt(f, ap);
	va_end(ap);
	return fmt_buf;
}

/* Output and return value together: the return is the full length. */
#define CHECK_FMT(want, ...) do {					\
	CHECK_STREQ(fmt(__VA_ARGS__), want);				\
	CHECK_EQ(fmt_ret, (int)strlen(want));				\
} while (0)

#define CHECK_RAW(want, ...) do {					\
	CHECK_STREQ(fmt_raw(__VA_ARGS__), want);			\
	CHECK_EQ(fmt_ret, (int)strlen(want));				\
} while (0)

TEST(plain_text)
{
	CHECK_FMT("", "%s", "");
	CHECK_FMT("hello, world", "hello, world");
	CHECK_FMT("a1b-2cxyz", "a%db%dc%s", 1, -2, "xyz");
}

TEST(decimal)
{
	CHECK_FMT("0", "%d", 0);
	CHECK_FMT("42", "%d", 42);
	CHECK_FMT("-42", "%i", -42);
	CHECK_FMT("42", "%u", 42u);
	CHECK_FMT("4294967254", "%u", -42);
	CHECK_FMT("1234567890", "%d", 1234567890);
}

TEST(integer_limits)
{
	CHECK_FMT("-2147483648", "%d", INT32_MIN);
	CHECK_FMT("2147483647", "%d", INT32_MAX);
	CHECK_FMT("4294967295", "%u", UINT32_MAX);
	CHECK_FMT("80000000", "%x", (unsigned int)INT32_MIN);
	CHECK_FMT("37777777777", "%o", UINT32_MAX);
	CHECK_FMT("-9223372036854775808", "%lld", (long long)INT64_MIN);
	CHECK_FMT("9223372036854775807", "%lld", (long long)INT64_MAX);
	CHECK_FMT("18446744073709551615", "%llu",
		  (unsigned long long)UINT64_MAX);
	CHECK_FMT("ffffffffffffffff", "%llx", (unsigned long long)UINT64_MAX);
	CHECK_FMT("FFFFFFFFFFFFFFFF", "%llX", (unsigned long long)UINT64_MAX);
	CHECK_FMT("1777777777777777777777", "%llo",
		  (unsigned long long)UINT64_MAX);
	CHECK_FMT("8000000000000000", "%llx", (unsigned long long)INT64_MIN);
	CHECK_FMT("-9223372036854775808", "%20lld", (long long)INT64_MIN);
	CHECK_FMT("-00009223372036854775808", "%024lld", (long long)INT64_MIN);
}

TEST(length_modifiers)
{
	CHECK_FMT("44", "%hhd", 300);
	CHECK_FMT("-1", "%hhd", 255);
	CHECK_FMT("-128", "%hhd", 128);
	CHECK_FMT("255", "%hhu", -1);
	CHECK_FMT("ff", "%hhx", -1);
	CHECK_FMT("4464", "%hd", 70000);
	CHECK_FMT("-32768", "%hd", 32768);
	CHECK_FMT("65535", "%hu", -1);
	CHECK_FMT("ffff", "%hx", 0x12ffff);
	CHECK_FMT("-5", "%ld", -5L);
	CHECK_FMT("4000000000", "%lu", 4000000000UL);
	CHECK_FMT(sizeof(long) == 8 ? "ffffffffffffffff" : "ffffffff",
		  "%lx", -1UL);
	CHECK_FMT("-5", "%lld", -5LL);
	CHECK_FMT("12345678901", "%llu", 12345678901ULL);
	CHECK_FMT("-7", "%jd", (intmax_t)-7);
	CHECK_FMT("123", "%zu", (size_t)123);
	CHECK_FMT(sizeof(size_t) == 8 ? "ffffffffffffffff" : "ffffffff",
		  "%zx", (size_t)-1);
	CHECK_FMT("-3", "%zd", (ptrdiff_t)-3);
	CHECK_FMT("-9", "%td", (ptrdiff_t)-9);
	CHECK_FMT("10", "%tx", (ptrdiff_t)16);
	CHECK_FMT("1 2 3 4 5 6", "%hhd %hd %d %ld %lld %zd", 1, 2, 3, 4L, 5LL,
		  (ptrdiff_t)6);
}

TEST(flags)
{
	CHECK_FMT("+5", "%+d", 5);
	CHECK_FMT("-5", "%+d", -5);
	CHECK_FMT("+0", "%+d", 0);
	CHECK_FMT(" 5", "% d", 5);
	CHECK_FMT("-5", "% d", -5);
	CHECK_RAW("+5", "%+ d", 5);		/* '+' beats ' ' */
	CHECK_RAW("+5", "% +d", 5);
	CHECK_FMT("5    |", "%-5d|", 5);
	CHECK_FMT("-5   |", "%-5d|", -5);
	CHECK_FMT("00005", "%05d", 5);
	CHECK_FMT("-0005", "%05d", -5);
	CHECK_FMT("+0005", "%+05d", 5);
	CHECK_FMT(" 0005", "% 05d", 5);
	CHECK_RAW("5    |", "%-05d|", 5);	/* '-' beats '0' */
	CHECK_RAW("5    |", "%0-5d|", 5);
	CHECK_FMT("0x1f", "%#x", 31);
	CHECK_FMT("0X1F", "%#X", 31);
	CHECK_FMT("0", "%#x", 0);		/* no prefix on zero */
	CHECK_FMT("017", "%#o", 15);
	CHECK_FMT("0", "%#o", 0);
	CHECK_FMT("0x001f", "%#06x", 31);
	CHECK_FMT("  0x1f", "%#6x", 31);
	CHECK_FMT("0x1f  |", "%-#6x|", 31);
	CHECK_RAW("5", "%+u", 5u);		/* sign flags are for %d/%i */
	CHECK_RAW("5", "% u", 5u);
	CHECK_RAW("ff", "%+x", 255);
}

TEST(width_and_precision)
{
	CHECK_FMT("   42", "%5d", 42);
	CHECK_FMT("42", "%1d", 42);
	CHECK_FMT("00042", "%.5d", 42);
	CHECK_FMT("-00042", "%.5d", -42);
	CHECK_FMT("  00042", "%7.5d", 42);
	CHECK_FMT("00042  |", "%-7.5d|", 42);
	CHECK_FMT("+00042", "%+.5d", 42);
	CHECK_RAW("  00042", "%07.5d", 42);	/* precision disables '0' */
	CHECK_FMT("   0x0002a", "%#10.5x", 42);
	CHECK_FMT("00052", "%#.5o", 42);	/* precision gave a 0 */
	CHECK_FMT("   42", "%*d", 5, 42);
	CHECK_FMT("42   |", "%*d|", -5, 42);	/* negative width means '-' */
	CHECK_FMT("00042", "%.*d", 5, 42);
	CHECK_FMT("42", "%.*d", -3, 42);	/* negative precision: none */
	CHECK_FMT("   00042", "%*.*d", 8, 5, 42);
	CHECK_FMT("00000042", "%0*d", 8, 42);
	CHECK_FMT("42", "%.d", 42);		/* "." alone is precision 0 */
}

TEST(zero_with_precision_zero)
{
	CHECK_FMT("", "%.0d", 0);
	CHECK_FMT("", "%.0u", 0u);
	CHECK_FMT("", "%.0x", 0u);
	CHECK_FMT("", "%#.0x", 0u);
	CHECK_FMT("0", "%#.0o", 0u);
	CHECK_FMT("", "%.d", 0);
	CHECK_FMT("     ", "%5.0d", 0);
	CHECK_FMT("+", "%+.0d", 0);
	CHECK_FMT(" ", "% .0d", 0);
	CHECK_FMT("1", "%.0d", 1);
	CHECK_FMT("|", "%.0lld|", 0LL);
}

TEST(chars)
{
	CHECK_FMT("a", "%c", 'a');
	CHECK_FMT("  a", "%3c", 'a');
	CHECK_FMT("a  |", "%-3c|", 'a');
	CHECK_FMT("ab", "%c%c", 'a', 'b');
	CHECK_FMT("\xff", "%c", 0xff);
	CHECK_RAW("  a", "%03c", 'a');	/* '0' pads numbers only */

	/* A NUL from %c is output and counted like any other character. */
	fmt("x%cy", 0);
	CHECK_EQ(fmt_ret, 3);
	CHECK(memcmp(fmt_buf, "x\0y\0", 4) == 0);
}

TEST(strings)
{
	CHECK_FMT("abc", "%s", "abc");
	CHECK_FMT("   abc", "%6s", "abc");
	CHECK_FMT("abc   |", "%-6s|", "abc");
	CHECK_FMT("ab", "%.2s", "abc");
	CHECK_FMT("abc", "%.10s", "abc");
	CHECK_FMT("", "%.0s", "abc");
	CHECK_FMT("    ab", "%6.2s", "abc");
	CHECK_FMT("ab    |", "%-6.2s|", "abc");
	CHECK_FMT("ab", "%.*s", 2, "abc");
	CHECK_FMT("abc", "%.*s", -1, "abc");
	CHECK_FMT("  abc", "%*s", 5, "abc");
	CHECK_RAW("  abc", "%05s", "abc");	/* '0' pads numbers only */
	CHECK_FMT("", "%s", "");
	CHECK_FMT("     ", "%5s", "");
}

TEST(string_null)
{
	CHECK_RAW("(null)", "%s", (char *)NULL);
	CHECK_RAW("  (null)", "%8s", (char *)NULL);
	/* Cut like any string (glibc would print nothing here). */
	CHECK_RAW("(nu", "%.3s", (char *)NULL);
}

TEST(string_precision_never_reads_past)
{
	/* A heap block with no NUL: ASan faults on a read of byte 3. */
	char *s = malloc(3);

	if (!s) {
		CHECK(s != NULL);
		return;
	}
	memcpy(s, "abc", 3);
	CHECK_FMT("abc", "%.3s", s);
	CHECK_FMT("ab", "%.2s", s);
	CHECK_FMT("  abc", "%5.3s", s);
	CHECK_FMT("abc", "%.*s", 3, s);
	free(s);
}

TEST(pointer)
{
	CHECK_FMT("0xc0101234", "%p", (void *)0xc0101234UL);
	CHECK_FMT("0x0", "%p", NULL);
	CHECK_FMT("0x1", "%p", (void *)1);
	CHECK_FMT("    0xbeef", "%10p", (void *)0xbeefUL);
	CHECK_FMT("0xbeef    |", "%-10p|", (void *)0xbeefUL);
	CHECK_RAW("0x0000beef", "%010p", (void *)0xbeefUL);
	/* A letter we do not know after %p stays in the text. */
	CHECK_FMT("0x10x", "%px", (void *)0x10);
	if (sizeof(void *) == 8)
		CHECK_FMT("0xffffffffffffffff", "%p", (void *)UINTPTR_MAX);
	else
		CHECK_FMT("0xffffffff", "%p", (void *)UINTPTR_MAX);
}

/* The hosted kallsyms_lookup knows no symbol: %pS falls back to hex. */
TEST(pointer_symbol_unknown)
{
	char buf[KSYM_SYMBOL_LEN];

	CHECK_EQ(kallsyms_lookup(0x1234, NULL, NULL) == NULL, 1);
	CHECK_RAW("0x1234", "%pS", (void *)0x1234);
	CHECK_RAW("at 0x1234!", "at %pS!", (void *)0x1234);
	CHECK_RAW("  0x1234", "%8pS", (void *)0x1234);
	CHECK_RAW("0x1234  |", "%-8pS|", (void *)0x1234);
	CHECK_RAW("0x12", "%.4pS", (void *)0x1234);
	CHECK_RAW("0x1234", "%ps", (void *)0x1234);
	CHECK_RAW("0x0", "%pS", NULL);

	CHECK_EQ(sprint_symbol(buf, sizeof(buf), 0xc0101234UL), 10);
	CHECK_STREQ(buf, "0xc0101234");
	/* scnprintf rules: the return is what was stored. */
	CHECK_EQ(sprint_symbol(buf, 4, 0xc0101234UL), 3);
	CHECK_STREQ(buf, "0xc");
}

TEST(percent_and_unknown)
{
	CHECK_FMT("%", "%%");
	CHECK_FMT("100%", "%d%%", 100);
	CHECK_FMT("a%b", "a%%b");
	/* Unknown conversions are copied as written and take no argument. */
	CHECK_RAW("%y", "%y");
	CHECK_RAW("%-5y 7", "%-5y %d", 7);
	CHECK_RAW("%n", "%n");
	CHECK_RAW("%f", "%f");
	CHECK_RAW("%lk", "%lk");
	/* A '%' that ends the format is printed and ends it. */
	CHECK_RAW("abc%", "abc%");
	CHECK_RAW("%-5", "%-5");
}

TEST(truncation_return_value)
{
	char buf[16];

	memset(buf, 'X', sizeof(buf));
	CHECK_EQ(snprintf_fn(buf, 4, "hello"), 5);
	CHECK_STREQ(buf, "hel");
	CHECK_EQ(buf[4], 'X');

	memset(buf, 'X', sizeof(buf));
	CHECK_EQ(snprintf_fn(buf, 1, "%d", 12345), 5);
	CHECK_EQ(buf[0], '\0');
	CHECK_EQ(buf[1], 'X');

	memset(buf, 'X', sizeof(buf));
	CHECK_EQ(snprintf_fn(buf, 6, "hello"), 5);
	CHECK_STREQ(buf, "hello");

	memset(buf, 'X', sizeof(buf));
	CHECK_EQ(snprintf_fn(buf, 5, "hello"), 5);
	CHECK_STREQ(buf, "hell");

	/* Padding that does not fit still counts. */
	CHECK_EQ(snprintf_fn(buf, 8, "%100d", 1), 100);
	CHECK_STREQ(buf, "       ");
}

TEST(size_zero_writes_nothing)
{
	char buf[4] = "XYZ";

	CHECK_EQ(snprintf_fn(buf, 0, "hello %d", 42), 8);
	CHECK_STREQ(buf, "XYZ");
	CHECK_EQ(snprintf_fn(NULL, 0, "hello %d", 42), 8);
	CHECK_EQ(snprintf_fn(NULL, 0, ""), 0);
}

/* No byte at or beyond @size is touched, for every size around the length. */
TEST(never_writes_past_size)
{
	static const char want[] = "v=-12345 s=abcdef";
	char buf[32];

	for (size_t size = 0; size < sizeof(want) + 3; size++) {
		memset(buf, 'X', sizeof(buf));
		CHECK_EQ(snprintf_fn(buf, size, "v=%d s=%s", -12345, "abcdef"),
			 (int)strlen(want));
		for (size_t i = size; i < sizeof(buf); i++)
			CHECK_EQ(buf[i], 'X');
		if (size) {
			size_t n = min(size - 1, strlen(want));

			CHECK(memcmp(buf, want, n) == 0);
			CHECK_EQ(buf[n], '\0');
		}
	}
}

TEST(scnprintf_returns_stored_length)
{
	char buf[8];
	int pos = 0;

	CHECK_EQ(scnprintf(buf, sizeof(buf), "abc"), 3);
	CHECK_EQ(scnprintf(buf, sizeof(buf), "%s", "0123456789"), 7);
	CHECK_STREQ(buf, "0123456");
	CHECK_EQ(scnprintf(buf, 1, "abc"), 0);
	CHECK_EQ(buf[0], '\0');
	CHECK_EQ(scnprintf(buf, 0, "abc"), 0);
	CHECK_EQ(scnprintf(NULL, 0, "abc"), 0);
	CHECK_EQ(scnprintf(buf, sizeof(buf), "%s", ""), 0);

	/* The chain scnprintf exists for: stops at the end, never past it. */
	for (int i = 0; i < 10; i++)
		pos += scnprintf(buf + pos, sizeof(buf) - pos, "%d,", i);
	CHECK_EQ(pos, 7);
	CHECK_STREQ(buf, "0,1,2,3");
}

/* The host divides natively, so its digits are the reference. */
static void reference_digits(char *out, unsigned long long v, unsigned base)
{
	char tmp[32];
	int n = 0;

	do {
		tmp[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (n)
		*out++ = tmp[--n];
	*out = '\0';
}

static void check_u64(unsigned long long v)
{
	char want[32];

	reference_digits(want, v, 10);
	CHECK_FMT(want, "%llu", v);
	reference_digits(want, v, 16);
	CHECK_FMT(want, "%llx", v);
	reference_digits(want, v, 8);
	CHECK_FMT(want, "%llo", v);
	if ((long long)v < 0) {
		want[0] = '-';
		reference_digits(want + 1, -v, 10);
	} else {
		reference_digits(want, v, 10);
	}
	CHECK_FMT(want, "%lld", (long long)v);
}

TEST(u64_digits_match_native_division)
{
	unsigned long long p10 = 1, x = 0x123456789abcdefULL;

	for (int k = 0; k < 64; k++) {
		check_u64(1ULL << k);
		check_u64((1ULL << k) - 1);
		check_u64((1ULL << k) + 1);
	}
	for (int k = 0; k < 20; k++, p10 *= 10) {
		check_u64(p10);
		check_u64(p10 - 1);
		check_u64(p10 + 1);
	}
	check_u64(0);
	check_u64(UINT64_MAX);
	check_u64(UINT64_MAX - 1);
	check_u64(0xffffffffULL * 10);
	check_u64(0xfffffffffULL);
	/* A fixed pseudo-random walk, spread over all magnitudes. */
	for (int i = 0; i < 2000; i++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		check_u64(x >> (i % 64));
	}
}
