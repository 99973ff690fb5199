/*
 * core_test.c - in-kernel suites for the foundation: the log buffer,
 * command-line parameters, interrupts/softirqs/the tick, and the symbol
 * table behind backtraces. Run with ktest=printk,params,irq,kallsyms.
 */
#include "kernel.h"
#include "console.h"
#include "init.h"
#include "interrupt.h"
#include "jiffies.h"
#include "kallsyms.h"
#include "kunit.h"
#include "sched.h"
#include "string.h"
#include "asm/irqflags.h"
#include "asm/processor.h"

void start_kernel(u32 magic, u32 info_phys);

/* ---- printk ---- */

/* Find @needle in the log text written since position @from. */
static bool log_contains_since(unsigned long from, const char *needle, bool levels)
{
	static char buf[4096];
	unsigned long pos = from;
	size_t n = log_buf_read(&pos, buf, sizeof(buf) - 1, levels);

	buf[n] = '\0';
	return strstr(buf, needle) != NULL;
}

static void printk_message_reaches_log(struct kunit *test)
{
	unsigned long start = log_buf_next();

	pr_info("ktest marker %d-%s\n", 42, "abc");
	KUNIT_EXPECT_TRUE(test, log_contains_since(start, "ktest marker 42-abc\n", false));
	KUNIT_EXPECT_TRUE(test, log_contains_since(start, "<6>[", true));
	KUNIT_EXPECT_FALSE(test, log_contains_since(start, "<6>", false));
}

static void printk_continuation_joins_line(struct kunit *test)
{
	unsigned long start = log_buf_next();

	pr_info("part one,");
	pr_cont(" part two\n");
	KUNIT_EXPECT_TRUE(test, log_contains_since(start, "part one, part two\n", false));
}

static void printk_below_loglevel_only_logged(struct kunit *test)
{
	unsigned long start = log_buf_next();
	int saved = console_loglevel;

	/* Debug messages are logged even when the console filters them. */
	console_loglevel = 1;
	pr_debug("quiet debug line\n");
	console_loglevel = saved;
	KUNIT_EXPECT_TRUE(test, log_contains_since(start, "<7>", true));
	KUNIT_EXPECT_TRUE(test, log_contains_since(start, "quiet debug line", false));
}

static struct kunit_case printk_cases[] = {
	KUNIT_CASE(printk_message_reaches_log),
	KUNIT_CASE(printk_continuation_joins_line),
	KUNIT_CASE(printk_below_loglevel_only_logged),
	{}
};
static struct kunit_suite printk_suite = { .name = "printk", .test_cases = printk_cases };
kunit_test_suite(printk_suite);

/* ---- params ---- */

static void params_builtin_registered(struct kunit *test)
{
	KUNIT_EXPECT_NOT_NULL(test, find_kernel_param("loglevel", 8));
	KUNIT_EXPECT_NOT_NULL(test, find_kernel_param("ktest", 5));
	KUNIT_EXPECT_NOT_NULL(test, find_kernel_param("console", 7));
	KUNIT_EXPECT_NULL(test, find_kernel_param("no-such-param", 13));
}

static void params_bad_value_rejected_and_kept(struct kunit *test)
{
	char line[] = "loglevel=banana loglevel=99 bogus=1";
	int saved = console_loglevel;

	KUNIT_EXPECT_EQ(test, parse_kernel_params(line), 3);
	KUNIT_EXPECT_EQ(test, console_loglevel, saved);
}

static void params_good_value_applied(struct kunit *test)
{
	char line[] = "loglevel=5";
	int saved = console_loglevel;

	KUNIT_EXPECT_EQ(test, parse_kernel_params(line), 0);
	KUNIT_EXPECT_EQ(test, console_loglevel, 5);
	console_loglevel = saved;
}

static struct kunit_case params_cases[] = {
	KUNIT_CASE(params_builtin_registered),
	KUNIT_CASE(params_bad_value_rejected_and_kept),
	KUNIT_CASE(params_good_value_applied),
	{}
};
static struct kunit_suite params_suite = { .name = "params", .test_cases = params_cases };
kunit_test_suite(params_suite);

/* ---- irq ---- */

static void irq_tick_advances_jiffies(struct kunit *test)
{
	unsigned long start = jiffies;
	u64 t0 = local_clock();

	/* Wait for 20 ticks, halting in between; 2 s is far more than needed. */
	while (jiffies - start < 20 && local_clock() - t0 < 2000000000ull)
		halt();
	KUNIT_EXPECT_GE(test, jiffies - start, 20);
	/* 20 ticks at HZ=1000 is 20 ms of TSC time, give or take emulation. */
	KUNIT_EXPECT_GE(test, local_clock() - t0, 15000000ull);
}

static unsigned long test_softirq_runs;
static void test_softirq_action(struct softirq_action *h)
{
	(void)h;
	test_softirq_runs++;
}

static void irq_softirq_runs_once_per_raise(struct kunit *test)
{
	unsigned long before = softirq_count_of(TASKLET_SOFTIRQ);

	open_softirq(TASKLET_SOFTIRQ, test_softirq_action);
	test_softirq_runs = 0;
	raise_softirq(TASKLET_SOFTIRQ);
	KUNIT_EXPECT_EQ(test, test_softirq_runs, 1);
	/* Raised while bottom halves are off: deferred until enabled. */
	local_bh_disable();
	raise_softirq(TASKLET_SOFTIRQ);
	KUNIT_EXPECT_EQ(test, test_softirq_runs, 1);
	local_bh_enable();
	KUNIT_EXPECT_EQ(test, test_softirq_runs, 2);
	KUNIT_EXPECT_EQ(test, softirq_count_of(TASKLET_SOFTIRQ) - before, 2);
	open_softirq(TASKLET_SOFTIRQ, NULL);
}

static irqreturn_t dummy_handler(int irq, void *dev) { return IRQ_NONE; }

static void irq_request_errors(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, request_irq(NR_IRQS, dummy_handler, 0, "t", NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, request_irq(2, dummy_handler, 0, "t", NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, request_irq(0, NULL, 0, "t", NULL), -EINVAL);
	/* The timer owns IRQ 0 without IRQF_SHARED. */
	KUNIT_EXPECT_EQ(test, request_irq(0, dummy_handler, IRQF_SHARED, "t", &test), -EBUSY);
}

static void irq_timer_counted(struct kunit *test)
{
	struct irq_stat st;
	unsigned long before;

	KUNIT_ASSERT_TRUE(test, irq_get_stat(0, &st));
	before = st.count;
	KUNIT_EXPECT_STREQ(test, st.name, "timer");
	halt();
	halt();
	irq_get_stat(0, &st);
	KUNIT_EXPECT_GT(test, st.count, before);
	KUNIT_EXPECT_FALSE(test, irq_get_stat(NR_IRQS, &st));
}

static struct kunit_case irq_cases[] = {
	KUNIT_CASE(irq_tick_advances_jiffies),
	KUNIT_CASE(irq_softirq_runs_once_per_raise),
	KUNIT_CASE(irq_request_errors),
	KUNIT_CASE(irq_timer_counted),
	{}
};
static struct kunit_suite irq_suite = { .name = "irq", .test_cases = irq_cases };
kunit_test_suite(irq_suite);

/* ---- kallsyms ---- */

static __noinline int kallsyms_probe_function(int x)
{
	return x * 3 + 1;
}

static void kallsyms_names_functions(struct kunit *test)
{
	unsigned long addr = (unsigned long)kallsyms_probe_function;
	unsigned long size = 0, off = 1;
	const char *name = kallsyms_lookup(addr, &size, &off);

	KUNIT_EXPECT_STREQ(test, name, "kallsyms_probe_function");
	KUNIT_EXPECT_EQ(test, off, 0);
	KUNIT_EXPECT_GT(test, size, 0);
	name = kallsyms_lookup(addr + size - 1, NULL, &off);
	KUNIT_EXPECT_STREQ(test, name, "kallsyms_probe_function");
	KUNIT_EXPECT_EQ(test, off, size - 1);
	KUNIT_EXPECT_STREQ(test, kallsyms_lookup((unsigned long)start_kernel, NULL, NULL),
			   "start_kernel");
	KUNIT_EXPECT_EQ(test, kallsyms_probe_function(1), 4);
}

static void kallsyms_rejects_non_text(struct kunit *test)
{
	static int data_object;

	KUNIT_EXPECT_NULL(test, kallsyms_lookup(0, NULL, NULL));
	KUNIT_EXPECT_NULL(test, kallsyms_lookup((unsigned long)&data_object, NULL, NULL));
}

static void kallsyms_formats_pS(struct kunit *test)
{
	char buf[KSYM_SYMBOL_LEN];

	snprintf(buf, sizeof(buf), "%pS", (void *)((unsigned long)kallsyms_probe_function + 1));
	KUNIT_EXPECT_TRUE(test, strncmp(buf, "kallsyms_probe_function+0x1/0x", 30) == 0);
}

static struct kunit_case kallsyms_cases[] = {
	KUNIT_CASE(kallsyms_names_functions),
	KUNIT_CASE(kallsyms_rejects_non_text),
	KUNIT_CASE(kallsyms_formats_pS),
	{}
};
static struct kunit_suite kallsyms_suite = { .name = "kallsyms", .test_cases = kallsyms_cases };
kunit_test_suite(kallsyms_suite);
