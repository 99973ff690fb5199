/*
 * shell_stub.c - the shell around a command run on the host: see
 * shell_stub.h. The commands themselves (shell/cmd_*.c) are the kernel's,
 * unchanged.
 */
#include <stdarg.h>
#include "kernel.h"
#include "shell_stub.h"
#include "shell_args.h"
#include "string.h"

const struct shell_cmd *shell_current;
char shell_default_dev[32];
char shell_out[1 << 20];
static size_t shell_out_len;
int shell_intr_after = -1;
int shell_progress_calls;

void shell_printf(const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	shell_out_len += vscnprintf(shell_out + shell_out_len,
				    sizeof(shell_out) - shell_out_len, fmt, args);
	va_end(args);
}

void shell_puts(const char *s)
{
	shell_printf("%s", s);
}

int shell_usage(const struct shell_cmd *cmd)
{
	shell_printf("usage: %s\n", cmd->usage);
	return -EINVAL;
}

bool shell_interrupted(void)
{
	if (shell_intr_after < 0)
		return false;
	if (!shell_intr_after)
		return true;
	shell_intr_after--;
	return false;
}

void shell_progress(const char *what, u64 done, u64 total)
{
	(void)what;
	CHECK(done <= total);
	shell_progress_calls++;
}

void shell_progress_done(void)
{
}

char shell_wait_what[96];

void shell_wait_begin(const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	vscnprintf(shell_wait_what, sizeof(shell_wait_what), fmt, args);
	va_end(args);
}

/* No note after a second: the host's waits end when the test says. */
bool shell_wait_stop(void)
{
	return shell_interrupted();
}

int shell_run(const char *line)
{
	static char buf[512];
	char *argv[32];
	int argc;

	strlcpy(buf, line, sizeof(buf));
	argc = shell_split(buf, argv, 32);
	shell_out_len = 0;
	shell_out[0] = '\0';
	for_each_shell_cmd(c)
		if (argc > 0 && !strcmp(c->name, argv[0])) {
			shell_current = c;
			return c->fn(argc, argv);
		}
	harness_fail(__FILE__, __LINE__, "no command in \"%s\"", line);
	return -ENOENT;
}
