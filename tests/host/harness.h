/*
 * harness.h - the host unit-test harness.
 *
 * A test is a function declared with TEST(name); CHECK* macros record a
 * failure (with file, line and both values) and let the test go on, so one
 * run shows every broken expectation. The runner prints one line per test,
 * "pass: host/FILE/NAME" or "FAIL: host/FILE/NAME", which tests/run-all
 * counts with every other layer.
 */
#ifndef _LANTERN_HARNESS_H
#define _LANTERN_HARNESS_H

#include <stdio.h>
#include <stdint.h>
#include <string.h>

typedef void (*test_fn)(void);
void harness_register(const char *name, test_fn fn, const char *file);
void harness_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Declared once per test; registered before main() runs. */
#define TEST(name)							\
	static void test_##name(void);					\
	__attribute__((constructor)) static void register_##name(void)	\
	{ harness_register(#name, test_##name, __FILE__); }		\
	static void test_##name(void)

#define CHECK(cond) do { if (!(cond))					\
	harness_fail(__FILE__, __LINE__, "CHECK(%s)", #cond); } while (0)

#define CHECK_EQ(a, b) do {						\
	long long __a = (long long)(a), __b = (long long)(b);		\
	if (__a != __b)							\
		harness_fail(__FILE__, __LINE__, "%s == %s: %lld != %lld", \
			     #a, #b, __a, __b);				\
} while (0)

#define CHECK_NE(a, b) do {						\
	long long __a = (long long)(a), __b = (long long)(b);		\
	if (__a == __b)							\
		harness_fail(__FILE__, __LINE__, "%s != %s: both %lld",	\
			     #a, #b, __a);				\
} while (0)

#define CHECK_STREQ(a, b) do {						\
	const char *__a = (a), *__b = (b);				\
	if (!__a || !__b || strcmp(__a, __b) != 0)			\
		harness_fail(__FILE__, __LINE__, "%s == %s: \"%s\" != \"%s\"", \
			     #a, #b, __a ? __a : "(null)", __b ? __b : "(null)"); \
} while (0)

#endif
