/*
 * test_kstrtox.c - host tests for lib/kstrtox.c: what a strict parse
 * accepts (prefixes, one trailing newline, '+'), what it rejects (spaces,
 * junk, empty strings, signs where they do not belong, bad bases), the
 * overflow boundary of every type, and that *res survives every error.
 */
#include <stdint.h>
#include "harness.h"
#include "kernel.h"

#define SENTINEL	0x5a5a5a5aU

/* Parse @s and check both the return value and the result (or sentinel). */
#define CHECK_ULL(s, base, err, want) do {				\
	unsigned long long __v = SENTINEL;				\
	CHECK_EQ(kstrtoull(s, base, &__v), err);			\
	if ((err) == 0)							\
		CHECK(__v == (unsigned long long)(want));		\
	else								\
		CHECK_EQ(__v, SENTINEL);				\
} while (0)

#define CHECK_UL(s, base, err, want) do {				\
	unsigned long __v = SENTINEL;					\
	CHECK_EQ(kstrtoul(s, base, &__v), err);				\
	if ((err) == 0)							\
		CHECK(__v == (unsigned long)(want));			\
	else								\
		CHECK_EQ(__v, SENTINEL);				\
} while (0)

#define CHECK_INT(s, base, err, want) do {				\
	int __v = (int)SENTINEL;					\
	CHECK_EQ(kstrtoint(s, base, &__v), err);			\
	if ((err) == 0)							\
		CHECK_EQ(__v, want);					\
	else								\
		CHECK_EQ(__v, (int)SENTINEL);				\
} while (0)

TEST(decimal)
{
	CHECK_ULL("0", 10, 0, 0);
	CHECK_ULL("1", 10, 0, 1);
	CHECK_ULL("1234567890", 10, 0, 1234567890);
	CHECK_ULL("007", 10, 0, 7);
	CHECK_ULL("0000000000000000000000000000001", 10, 0, 1);
	CHECK_ULL("4294967296", 10, 0, 4294967296ULL);
}

TEST(trailing_newline)
{
	CHECK_ULL("5\n", 10, 0, 5);
	CHECK_ULL("0x1f\n", 0, 0, 31);
	CHECK_ULL("5\n\n", 10, -EINVAL, 0);
	CHECK_ULL("5\nx", 10, -EINVAL, 0);
	CHECK_ULL("\n", 10, -EINVAL, 0);
	CHECK_ULL("5\r\n", 10, -EINVAL, 0);
	CHECK_INT("-5\n", 10, 0, -5);
}

TEST(rejects_junk_and_spaces)
{
	CHECK_ULL("", 10, -EINVAL, 0);
	CHECK_ULL("", 0, -EINVAL, 0);
	CHECK_ULL(" 5", 10, -EINVAL, 0);
	CHECK_ULL("5 ", 10, -EINVAL, 0);
	CHECK_ULL("\t5", 10, -EINVAL, 0);
	CHECK_ULL("5x", 10, -EINVAL, 0);
	CHECK_ULL("x5", 10, -EINVAL, 0);
	CHECK_ULL("1.5", 10, -EINVAL, 0);
	CHECK_ULL("1,000", 10, -EINVAL, 0);
	CHECK_ULL("a", 10, -EINVAL, 0);
	CHECK_INT("", 10, -EINVAL, 0);
	CHECK_INT(" -5", 10, -EINVAL, 0);
	CHECK_INT("- 5", 10, -EINVAL, 0);
	CHECK_INT("5 ", 10, -EINVAL, 0);
}

TEST(signs)
{
	CHECK_ULL("+5", 10, 0, 5);
	CHECK_ULL("+0x10", 0, 0, 16);
	CHECK_ULL("+", 10, -EINVAL, 0);
	CHECK_ULL("++5", 10, -EINVAL, 0);
	CHECK_ULL("-5", 10, -EINVAL, 0);
	CHECK_ULL("-0", 10, -EINVAL, 0);
	CHECK_UL("-1", 10, -EINVAL, 0);
	CHECK_UL("+7", 10, 0, 7);
	CHECK_INT("+5", 10, 0, 5);
	CHECK_INT("-5", 10, 0, -5);
	CHECK_INT("-0", 10, 0, 0);
	CHECK_INT("-", 10, -EINVAL, 0);
	CHECK_INT("+", 10, -EINVAL, 0);
	CHECK_INT("--5", 10, -EINVAL, 0);
	CHECK_INT("-+5", 10, -EINVAL, 0);
	CHECK_INT("+-5", 10, -EINVAL, 0);
}

TEST(base_autodetect)
{
	CHECK_ULL("0x1f", 0, 0, 31);
	CHECK_ULL("0X1F", 0, 0, 31);
	CHECK_ULL("0xABCdef", 0, 0, 0xabcdef);
	CHECK_ULL("017", 0, 0, 15);
	CHECK_ULL("0", 0, 0, 0);
	CHECK_ULL("00", 0, 0, 0);
	CHECK_ULL("10", 0, 0, 10);
	CHECK_ULL("08", 0, -EINVAL, 0);	/* octal has no 8 */
	CHECK_ULL("0x", 0, -EINVAL, 0);
	CHECK_ULL("0xg", 0, -EINVAL, 0);
	CHECK_ULL("0x\n", 0, -EINVAL, 0);
	CHECK_ULL("1f", 0, -EINVAL, 0);
	CHECK_INT("-0x10", 0, 0, -16);
	CHECK_INT("-010", 0, 0, -8);
}

TEST(explicit_bases)
{
	CHECK_ULL("1f", 16, 0, 31);
	CHECK_ULL("1F", 16, 0, 31);
	CHECK_ULL("0x1f", 16, 0, 31);	/* base 16 allows the prefix */
	CHECK_ULL("0X1f", 16, 0, 31);
	CHECK_ULL("0x", 16, -EINVAL, 0);
	CHECK_ULL("1g", 16, -EINVAL, 0);
	CHECK_ULL("17", 8, 0, 15);
	CHECK_ULL("017", 8, 0, 15);
	CHECK_ULL("8", 8, -EINVAL, 0);
	CHECK_ULL("0x10", 10, -EINVAL, 0);
	CHECK_ULL("0x10", 8, -EINVAL, 0);
	CHECK_ULL("010", 10, 0, 10);	/* no octal guess when told 10 */
	CHECK_ULL("101", 2, 0, 5);
	CHECK_ULL("102", 2, -EINVAL, 0);
	CHECK_ULL("zz", 16, -EINVAL, 0);
	CHECK_INT("-7fffffff", 16, 0, -0x7fffffff);
}

TEST(bad_base)
{
	CHECK_ULL("1", 1, -EINVAL, 0);
	CHECK_ULL("1", 17, -EINVAL, 0);
	CHECK_ULL("z", 36, -EINVAL, 0);
	CHECK_INT("1", 1, -EINVAL, 0);
	CHECK_UL("1", 99, -EINVAL, 0);
}

TEST(ull_overflow_boundary)
{
	CHECK_ULL("18446744073709551615", 10, 0, UINT64_MAX);
	CHECK_ULL("18446744073709551616", 10, -ERANGE, 0);
	CHECK_ULL("18446744073709551620", 10, -ERANGE, 0);
	CHECK_ULL("99999999999999999999", 10, -ERANGE, 0);
	CHECK_ULL("184467440737095516150", 10, -ERANGE, 0);
	CHECK_ULL("ffffffffffffffff", 16, 0, UINT64_MAX);
	CHECK_ULL("0xffffffffffffffff", 0, 0, UINT64_MAX);
	CHECK_ULL("10000000000000000", 16, -ERANGE, 0);
	CHECK_ULL("1777777777777777777777", 8, 0, UINT64_MAX);
	CHECK_ULL("2000000000000000000000", 8, -ERANGE, 0);
	CHECK_ULL("18446744073709551615\n", 10, 0, UINT64_MAX);
	CHECK_ULL("18446744073709551616\n", 10, -ERANGE, 0);
	/* As in Linux, overflow is reported before the junk after it. */
	CHECK_ULL("99999999999999999999x", 10, -ERANGE, 0);
}

/* unsigned long is 32 bits on i686 and 64 on the usual host. */
TEST(ul_overflow_boundary)
{
	CHECK_UL("4294967295", 10, 0, 4294967295UL);
	CHECK_UL("0xffffffff", 0, 0, 0xffffffffUL);
	if (sizeof(unsigned long) == 4) {
		CHECK_UL("4294967296", 10, -ERANGE, 0);
		CHECK_UL("0x100000000", 0, -ERANGE, 0);
	} else {
		CHECK_UL("4294967296", 10, 0, 4294967296ULL);
		CHECK_UL("18446744073709551615", 10, 0, UINT64_MAX);
	}
	CHECK_UL("18446744073709551616", 10, -ERANGE, 0);
}

TEST(int_overflow_boundary)
{
	CHECK_INT("2147483647", 10, 0, INT32_MAX);
	CHECK_INT("2147483648", 10, -ERANGE, 0);
	CHECK_INT("+2147483648", 10, -ERANGE, 0);
	CHECK_INT("-2147483648", 10, 0, INT32_MIN);
	CHECK_INT("-2147483649", 10, -ERANGE, 0);
	CHECK_INT("0x7fffffff", 0, 0, INT32_MAX);
	CHECK_INT("0x80000000", 0, -ERANGE, 0);
	CHECK_INT("-0x80000000", 0, 0, INT32_MIN);
	CHECK_INT("4294967295", 10, -ERANGE, 0);	/* no wrap to -1 */
	CHECK_INT("4294967296", 10, -ERANGE, 0);	/* no wrap to 0 */
	CHECK_INT("9223372036854775808", 10, -ERANGE, 0);
	CHECK_INT("-9223372036854775808", 10, -ERANGE, 0);
	CHECK_INT("-18446744073709551616", 10, -ERANGE, 0);
}
