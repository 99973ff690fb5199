/*
 * cmd_help.c - the shell's own commands: help, dev, echo.
 */
#include "kernel.h"
#include "blkdev.h"
#include "shell.h"
#include "string.h"

/* The usage column of the list: longer ones take a line of their own. */
#define HELP_USAGE_WIDTH	28

static int cmd_help(int argc, char **argv)
{
	const struct shell_cmd *cmd;
	size_t width = 0;

	if (argc > 2)
		return shell_usage_current();
	if (argc == 2) {
		cmd = shell_find(argv[1]);
		if (!cmd) {
			shell_printf("help: no command '%s'; `help` lists them\n", argv[1]);
			return -ENOENT;
		}
		shell_printf("usage: %s\n%s\n", cmd->usage, cmd->summary);
		if (cmd->help)
			shell_printf("\n%s\n", cmd->help);
		return 0;
	}
	for_each_shell_cmd(c)
		width = max(width, strlen(c->usage));
	width = min_t(size_t, width, HELP_USAGE_WIDTH);
	/*
	 * In alphabetical order, whatever the link order: each round prints
	 * the smallest name after the last one printed (a few dozen commands).
	 */
	for (const struct shell_cmd *last = NULL;;) {
		const struct shell_cmd *next = NULL;

		for_each_shell_cmd(c)
			if ((!last || strcmp(c->name, last->name) > 0) &&
			    (!next || strcmp(c->name, next->name) < 0))
				next = c;
		if (!next)
			break;
		/* What would pass 80 columns puts its summary on a line of its own. */
		if (strlen(next->usage) <= width &&
		    2 + width + 2 + strlen(next->summary) < 80)
			shell_printf("  %-*s  %s\n", (int)width, next->usage, next->summary);
		else
			shell_printf("  %s\n      %s\n", next->usage, next->summary);
		last = next;
	}
	return 0;
}
SHELL_CMD_HELP(help, "help", "help [CMD]", "list the commands, or explain one",
	       "Numbers are decimal or 0x hex; sizes take k, M or G (1024-based).\n"
	       "Keys: arrows edit and walk the history, Tab completes, Ctrl-C cancels\n"
	       "the line or stops a long command, Ctrl-L clears the screen.");

/* dev [DEV]: the default device named in the prompt. */
static int cmd_dev(int argc, char **argv)
{
	if (argc > 2)
		return shell_usage_current();
	if (argc == 1) {
		shell_printf("%s\n", shell_default_dev[0] ? shell_default_dev : "(none)");
		return 0;
	}
	if (!shell_lookup_bdev(argv[1]))
		return -ENODEV;
	strlcpy(shell_default_dev, argv[1], sizeof(shell_default_dev));
	return 0;
}
SHELL_CMD(dev, "dev [DEV]", "show or set the device named in the prompt");

/* echo WORD...: the words, one space apart (scripts and the console tests). */
static int cmd_echo(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		shell_printf("%s%s", i > 1 ? " " : "", argv[i]);
	shell_puts("\n");
	return 0;
}
SHELL_CMD(echo, "echo [WORD...]", "print the words");
