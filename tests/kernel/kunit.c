/*
 * kunit.c - runs the in-kernel test suites and reports in KTAP v1 on the
 * console (after Linux's lib/kunit/test.c and executor.c).
 *
 * `ktest=all` runs every suite in the lt_kunit_suites table; `ktest=a,b`
 * runs those by name; a name from the lt_ktest_demos table runs that demo
 * instead (demos crash on purpose). At the end QEMU's isa-debug-exit
 * device turns the verdict into the emulator's exit status, so the host
 * runner needs no parsing to know whether the kernel finished at all:
 * 0x10 -> 33 all passed, 0x11 -> 35 some failed, 0x12 -> 37 kernel panic.
 */
#include "kernel.h"
#include "console.h"
#include "init.h"
#include "kunit.h"
#include "string.h"
#include "asm/io.h"

#define DEBUG_EXIT_PORT		0xf4
#define KTEST_EXIT_PASS		0x10
#define KTEST_EXIT_FAIL		0x11
#define KTEST_EXIT_PANIC	0x12

extern struct kunit_suite *__start_lt_kunit_suites[];
extern struct kunit_suite *__stop_lt_kunit_suites[];
extern const struct ktest_demo __start_lt_ktest_demos[];
extern const struct ktest_demo __stop_lt_ktest_demos[];
extern void (*panic_exit_hook)(void);

static char ktest_selector[128];

static int ktest_setup(char *val)
{
	if (!*val || strlen(val) >= sizeof(ktest_selector))
		return -EINVAL;
	strlcpy(ktest_selector, val, sizeof(ktest_selector));
	return 0;
}
__setup_help("ktest=", ktest_setup,
	     "all|SUITE[,SUITE...]|DEMO: run in-kernel tests at boot, then exit QEMU");

bool ktest_requested(void)
{
	return ktest_selector[0] != '\0';
}

static void qemu_debug_exit(u8 code)
{
	outb(code, DEBUG_EXIT_PORT);
}

static void ktest_panic_exit(void)
{
	qemu_debug_exit(KTEST_EXIT_PANIC);
}

void kunit_fail(struct kunit *test, const char *file, int line,
		const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printk(KERN_INFO "    # %s: %s:%d: %s\n", test->name, file, line, msg);
	test->failures++;
}

void kunit_skip(struct kunit *test, const char *reason)
{
	test->skipped = true;
	test->skip_reason = reason;
}

/* Does the comma list @sel name @name exactly? */
static bool selector_has(const char *sel, const char *name)
{
	size_t n = strlen(name);

	if (strcmp(sel, "all") == 0)
		return true;
	while (*sel) {
		const char *comma = strchr(sel, ',');
		size_t len = comma ? (size_t)(comma - sel) : strlen(sel);

		if (len == n && strncmp(sel, name, n) == 0)
			return true;
		sel += len + (comma ? 1 : 0);
	}
	return false;
}

/* KTAP wants one token per name: case functions use '_', names '-'. */
static void ktap_name(char *dst, size_t size, const char *name)
{
	size_t i;

	for (i = 0; name[i] && i + 1 < size; i++)
		dst[i] = name[i] == '_' ? '-' : name[i];
	dst[i] = '\0';
}

static int kunit_run_suite(struct kunit_suite *suite, int index,
			   int *passed, int *failed)
{
	struct kunit_case *c;
	int n = 0, nfail = 0;

	for (c = suite->test_cases; c->run_case; c++)
		n++;
	printk(KERN_INFO "    KTAP version 1\n");
	printk(KERN_INFO "    # Subtest: %s\n", suite->name);
	printk(KERN_INFO "    1..%d\n", n);
	n = 0;
	for (c = suite->test_cases; c->run_case; c++) {
		struct kunit test = { .name = c->name };
		char name[64];

		ktap_name(name, sizeof(name), c->name);
		if (suite->init && suite->init(&test)) {
			kunit_fail(&test, __FILE__, __LINE__, "suite init failed");
		} else {
			c->run_case(&test);
			if (suite->exit)
				suite->exit(&test);
		}
		n++;
		if (test.failures) {
			printk(KERN_INFO "    not ok %d %s\n", n, name);
			nfail++;
			(*failed)++;
		} else if (test.skipped) {
			printk(KERN_INFO "    ok %d %s # SKIP %s\n", n, name,
			       test.skip_reason ? test.skip_reason : "");
			(*passed)++;
		} else {
			printk(KERN_INFO "    ok %d %s\n", n, name);
			(*passed)++;
		}
	}
	printk(KERN_INFO "%sok %d %s\n", nfail ? "not " : "", index, suite->name);
	return nfail;
}

int kunit_run_selected(const char *selector, int *passed, int *failed)
{
	struct kunit_suite **s;
	int nsuites = 0, index = 0;

	for (s = __start_lt_kunit_suites; s < __stop_lt_kunit_suites; s++)
		if (selector_has(selector, (*s)->name))
			nsuites++;
	printk(KERN_INFO "KTAP version 1\n");
	printk(KERN_INFO "1..%d\n", nsuites);
	for (s = __start_lt_kunit_suites; s < __stop_lt_kunit_suites; s++)
		if (selector_has(selector, (*s)->name))
			kunit_run_suite(*s, ++index, passed, failed);
	return nsuites;
}

/* Names in the selector that match neither a suite nor a demo. */
static int ktest_check_names(const char *sel)
{
	int unknown = 0;

	if (strcmp(sel, "all") == 0)
		return 0;
	while (*sel) {
		const char *comma = strchr(sel, ',');
		size_t len = comma ? (size_t)(comma - sel) : strlen(sel);
		bool found = false;

		for (struct kunit_suite **s = __start_lt_kunit_suites;
		     s < __stop_lt_kunit_suites; s++)
			if (strlen((*s)->name) == len &&
			    strncmp((*s)->name, sel, len) == 0)
				found = true;
		if (!found) {
			pr_err("ktest: no suite named '%.*s'\n", (int)len, sel);
			unknown++;
		}
		sel += len + (comma ? 1 : 0);
	}
	return unknown;
}

void ktest_main(void)
{
	int passed = 0, failed = 0;

	panic_exit_hook = ktest_panic_exit;
	for (const struct ktest_demo *d = __start_lt_ktest_demos;
	     d < __stop_lt_ktest_demos; d++) {
		if (strcmp(d->name, ktest_selector) == 0) {
			pr_info("ktest: running demo %s\n", d->name);
			d->fn();
			if (d->bench) {
				pr_info("ktest: bench %s done\n", d->name);
				qemu_debug_exit(KTEST_EXIT_PASS);
			} else {
				pr_err("ktest: demo %s returned\n", d->name);
				qemu_debug_exit(KTEST_EXIT_FAIL);
			}
			return;
		}
	}
	if (ktest_check_names(ktest_selector))
		failed++;
	kunit_run_selected(ktest_selector, &passed, &failed);
	printk(KERN_INFO "# ktest: %d passed, %d failed\n", passed, failed);
	qemu_debug_exit(failed ? KTEST_EXIT_FAIL : KTEST_EXIT_PASS);
	/* Still here: not QEMU, or no isa-debug-exit device. Carry on. */
	pr_notice("ktest: no isa-debug-exit device; continuing to the prompt\n");
	panic_exit_hook = NULL;
}
