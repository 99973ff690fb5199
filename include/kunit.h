/*
 * kunit.h - in-kernel test suites with KTAP v1 output (after Linux's
 * include/kunit/test.h). A suite is a table of cases registered with
 * kunit_test_suite(); `ktest=NAME[,NAME...]|all` on the command line runs
 * them at boot and the result leaves QEMU through isa-debug-exit.
 *
 * EXPECT records a failure and goes on; ASSERT records it and returns from
 * the case (so only use ASSERT directly in the case function).
 */
#ifndef _LANTERN_KUNIT_H
#define _LANTERN_KUNIT_H

#include "kernel.h"

struct kunit {
	const char *name;	/* case being run */
	int failures;
	bool skipped;
	const char *skip_reason;
	void *priv;		/* for the suite's init/exit */
};

struct kunit_case {
	const char *name;
	void (*run_case)(struct kunit *test);
};

struct kunit_suite {
	const char *name;
	int (*init)(struct kunit *test);	/* before each case */
	void (*exit)(struct kunit *test);	/* after each case */
	struct kunit_case *test_cases;		/* ends with an empty entry */
};

/* A KTAP diagnostic line ("    # ...") inside the running suite. */
#define kunit_info(test, fmt, ...)					\
	do { (void)(test); pr_info("    # " fmt "\n", ##__VA_ARGS__); } while (0)

/* Case names print with '-' for '_': KUNIT_CASE(buddy_split) is buddy-split. */
#define KUNIT_CASE(fn) { .name = #fn, .run_case = fn }

#define kunit_test_suite(suite)						\
	static struct kunit_suite *__kunit_suite_ptr_##suite		\
	__used __section("lt_kunit_suites") __aligned(sizeof(void *)) = &suite

/*
 * Demos are not tests: they crash the kernel on purpose (panic-demo,
 * stack-overflow-demo) and run only when named exactly in ktest=.
 * Benchmarks (bench-*, tools/bench/) share the table: they print RESULT
 * lines for tools/bench/run and return, which exits QEMU with "passed";
 * a demo that returns has failed to crash.
 */
struct ktest_demo {
	const char *name;
	void (*fn)(void);
	bool bench;
};
#define KTEST_DEMO(dname, dfn)						\
	static const struct ktest_demo __ktest_demo_##dfn		\
	__used __section("lt_ktest_demos") __aligned(sizeof(void *)) =	\
	{ .name = dname, .fn = dfn }
#define KTEST_BENCH(dname, dfn)						\
	static const struct ktest_demo __ktest_demo_##dfn		\
	__used __section("lt_ktest_demos") __aligned(sizeof(void *)) =	\
	{ .name = dname, .fn = dfn, .bench = true }

__printf(4, 5) void kunit_fail(struct kunit *test, const char *file, int line,
			       const char *fmt, ...);
void kunit_skip(struct kunit *test, const char *reason);

#define KUNIT_EXPECT_TRUE(test, cond) do { if (!(cond))			\
	kunit_fail(test, __FILE__, __LINE__, "expected %s", #cond); } while (0)
#define KUNIT_EXPECT_FALSE(test, cond) KUNIT_EXPECT_TRUE(test, !(cond))

#define __KUNIT_CMP(test, a, op, b, ret) do {				\
	long long __a = (long long)(a), __b = (long long)(b);		\
	if (!(__a op __b)) {						\
		kunit_fail(test, __FILE__, __LINE__,			\
			   "expected %s %s %s, got %lld and %lld",	\
			   #a, #op, #b, __a, __b);			\
		ret;							\
	}								\
} while (0)

#define KUNIT_EXPECT_EQ(t, a, b) __KUNIT_CMP(t, a, ==, b, (void)0)
#define KUNIT_EXPECT_NE(t, a, b) __KUNIT_CMP(t, a, !=, b, (void)0)
#define KUNIT_EXPECT_LT(t, a, b) __KUNIT_CMP(t, a, <, b, (void)0)
#define KUNIT_EXPECT_LE(t, a, b) __KUNIT_CMP(t, a, <=, b, (void)0)
#define KUNIT_EXPECT_GT(t, a, b) __KUNIT_CMP(t, a, >, b, (void)0)
#define KUNIT_EXPECT_GE(t, a, b) __KUNIT_CMP(t, a, >=, b, (void)0)
#define KUNIT_ASSERT_EQ(t, a, b) __KUNIT_CMP(t, a, ==, b, return)
#define KUNIT_ASSERT_NE(t, a, b) __KUNIT_CMP(t, a, !=, b, return)
#define KUNIT_ASSERT_TRUE(t, cond) do { if (!(cond)) {			\
	kunit_fail(t, __FILE__, __LINE__, "expected %s", #cond);	\
	return; } } while (0)
#define KUNIT_EXPECT_NOT_NULL(t, p) KUNIT_EXPECT_TRUE(t, (p) != NULL)
#define KUNIT_ASSERT_NOT_NULL(t, p) KUNIT_ASSERT_TRUE(t, (p) != NULL)
#define KUNIT_EXPECT_NULL(t, p) KUNIT_EXPECT_TRUE(t, (p) == NULL)
#define KUNIT_EXPECT_STREQ(t, a, b) do {				\
	const char *__a = (a), *__b = (b);				\
	if (!__a || !__b || strcmp(__a, __b) != 0)			\
		kunit_fail(t, __FILE__, __LINE__,			\
			   "expected %s == %s, got \"%s\" and \"%s\"",	\
			   #a, #b, __a ? __a : "(null)", __b ? __b : "(null)"); \
} while (0)

/* Run the suites selected by @selector ("all" or a comma list). */
int kunit_run_selected(const char *selector, int *passed, int *failed);

#endif
