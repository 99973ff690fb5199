/*
 * shell_test.c - the "shell" suite: the shell's output helpers
 * (shell/shell.c), seen from a console that records what it is given.
 */
#include "kernel.h"
#include "console.h"
#include "kunit.h"
#include "shell.h"
#include "string.h"

static char shell_seen[2048];
static size_t shell_seen_len;

/* Called with the log lock held and interrupts off: only copies. */
static void shell_capture_write(struct console *con, const char *s, size_t len)
{
	(void)con;
	len = min(len, sizeof(shell_seen) - 1 - shell_seen_len);
	memcpy(shell_seen + shell_seen_len, s, len);
	shell_seen_len += len;
	shell_seen[shell_seen_len] = '\0';
}

static struct console shell_capture = {
	.name = "ktest-capture",
	.write = shell_capture_write,
	.flags = CON_ENABLED,
};

/*
 * shell_printf formats into a buffer on its stack; text longer than that
 * (a command's long help) must still come out whole, not cut at 511 bytes.
 */
static void shell_printf_longer_than_its_buffer(struct kunit *test)
{
	static char want[1200];

	for (size_t i = 0; i < sizeof(want) - 1; i++)
		want[i] = 'a' + i % 26;
	want[sizeof(want) - 1] = '\0';
	shell_seen_len = 0;
	shell_seen[0] = '\0';
	register_console(&shell_capture);
	shell_printf("<%s>\n", want);
	unregister_console(&shell_capture);
	/* Other threads' printk may land around it: look for the whole. */
	KUNIT_EXPECT_NOT_NULL(test, strstr(shell_seen, want));
	/* The console turns \n into \r\n. */
	KUNIT_EXPECT_TRUE(test, strstr(shell_seen, ">\r\n") != NULL);
}

static struct kunit_case shell_cases[] = {
	KUNIT_CASE(shell_printf_longer_than_its_buffer),
	{}
};

static struct kunit_suite shell_suite = {
	.name = "shell",
	.test_cases = shell_cases,
};
kunit_test_suite(shell_suite);
