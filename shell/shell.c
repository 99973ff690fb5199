/*
 * shell.c - the kernel shell's loop: prompt, line editor, words, command.
 *
 * The shell runs as pid 1 once the kernel is up, on the console: the
 * serial line and the VGA screen with the keyboard, which share one
 * input buffer (drivers/tty/console_input.c). Each line is edited by
 * shell/readline.c, split into words by shell/args.c, and handed to the
 * command of that name (include/shell.h: the commands live in
 * shell/cmd_*.c and register themselves in a linker section).
 *
 * Ctrl-C: while the editor reads, it cancels the line. While a command
 * runs, nobody reads input; the input driver counts Ctrl-C bytes as they
 * arrive, and long commands poll shell_interrupted(). What was typed
 * while a command ran stays buffered for the next prompt, unless the
 * command was interrupted: then it is dropped, as a tty flushes its
 * input on SIGINT.
 */
#include "kernel.h"
#include "blkdev.h"
#include "console.h"
#include "elevator.h"
#include "jiffies.h"
#include "readline.h"
#include "shell.h"
#include "shell_args.h"
#include "slab.h"
#include "string.h"

#define SHELL_MAX_ARGS	32

const struct shell_cmd *shell_current;
char shell_default_dev[32];
static unsigned long intr_base;		/* console_intr_count when the command began */

void shell_puts(const char *s)
{
	console_write(s, strlen(s));
}

/*
 * Most output fits the buffer on the stack; a longer text (a command's
 * long help, a wide table row) is formatted again into one from kmalloc,
 * so nothing is cut. The shell runs in process context and may sleep.
 */
void shell_printf(const char *fmt, ...)
{
	char buf[512], *big;
	va_list args, again;
	int n;

	va_start(args, fmt);
	va_copy(again, args);
	n = vsnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	if (n < 0)
		n = 0;
	if ((size_t)n < sizeof(buf)) {
		console_write(buf, n);
	} else if ((big = kmalloc(n + 1, GFP_KERNEL))) {
		vsnprintf(big, n + 1, fmt, again);
		console_write(big, n);
		kfree(big);
	} else {
		console_write(buf, sizeof(buf) - 1);
		shell_puts("...(out of memory: output cut)\n");
	}
	va_end(again);
}

const struct shell_cmd *shell_find(const char *name)
{
	for_each_shell_cmd(c)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

int shell_usage(const struct shell_cmd *cmd)
{
	if (cmd)
		shell_printf("usage: %s\n", cmd->usage);
	return -EINVAL;
}

bool shell_interrupted(void)
{
	return READ_ONCE(console_intr_count) != intr_base;
}

/* Every block device's name, disks and their partitions, to @fn. */
static void bdev_names(void (*fn)(const char *name, void *ctx), void *ctx)
{
	for (struct gendisk *d = disk_iter_next(NULL); d; d = disk_iter_next(d))
		for (int p = 0; p < DISK_MAX_PARTS; p++)
			if (d->bdev[p])
				fn(d->bdev[p]->name, ctx);
}

static void print_known(const char *name, void *ctx)
{
	unsigned int *known = ctx;

	shell_printf(" %s", name);
	(*known)++;
}

struct block_device *shell_lookup_bdev(const char *name)
{
	struct block_device *bdev = lookup_bdev(name);
	unsigned int known = 0;

	if (bdev)
		return bdev;
	shell_printf("unknown device '%s'; known:", name);
	bdev_names(print_known, &known);
	shell_puts(known ? "\n" : " none\n");
	return NULL;
}

/* ---- progress: one line rewritten in place ---- */

static unsigned long progress_next;	/* jiffies of the next update */
static int progress_last = -1;		/* the percentage on screen */

void shell_progress(const char *what, u64 done, u64 total)
{
	int pct = total ? (int)(done * 100 / total) : 100;

	/* A few updates a second: the serial line is slow to redraw. */
	if (pct == progress_last || (progress_last >= 0 && time_before(jiffies, progress_next)))
		return;
	progress_last = pct;
	progress_next = jiffies + msecs_to_jiffies(250);
	shell_printf("\r%s: %d%%\x1b[K", what, pct);
}

void shell_progress_done(void)
{
	if (progress_last >= 0)
		shell_puts("\r\x1b[K");
	progress_last = -1;
}

/* Waits of one command for its disk: see shell_wait_begin. */
#define WAIT_NOTE_MS	1000

static struct {
	char what[96];
	unsigned long since;
	bool noted;
} disk_wait;

void shell_wait_begin(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(disk_wait.what, sizeof(disk_wait.what), fmt, ap);
	va_end(ap);
	disk_wait.since = jiffies;
	disk_wait.noted = false;
}

bool shell_wait_stop(void)
{
	if (shell_interrupted())
		return true;
	if (!disk_wait.noted &&
	    time_after(jiffies, disk_wait.since + msecs_to_jiffies(WAIT_NOTE_MS))) {
		disk_wait.noted = true;
		shell_progress_done();
		shell_printf("%s: still waiting for the disk after %u s; Ctrl-C stops waiting\n",
			     disk_wait.what, WAIT_NOTE_MS / 1000);
	}
	return false;
}

/* ---- completion ---- */

struct complete_ctx {
	const char *word;
	size_t len;
	void (*add)(void *acc, const char *candidate);
	void *acc;
};

static void complete_if_prefix(const char *name, void *arg)
{
	struct complete_ctx *cc = arg;

	if (!strncmp(name, cc->word, cc->len))
		cc->add(cc->acc, name);
}

/*
 * Copy word @n of the first @limit bytes of @line into @buf (words as the
 * completion counts them: split at blanks, no quotes). False if there is
 * no such word or it does not fit.
 */
static bool line_word(const char *line, size_t limit, unsigned int n, char *buf, size_t size)
{
	size_t i = 0;

	for (;;) {
		size_t start, len;

		while (i < limit && (line[i] == ' ' || line[i] == '\t'))
			i++;
		if (i == limit)
			return false;
		start = i;
		while (i < limit && line[i] != ' ' && line[i] != '\t')
			i++;
		if (n--)
			continue;
		len = i - start;
		if (len >= size)
			return false;
		memcpy(buf, line + start, len);
		buf[len] = '\0';
		return true;
	}
}

/* `tune DEV PARAM`: the tunables of the elevator DEV has now. */
static void complete_tunables(const char *dev, struct complete_ctx *cc)
{
	struct block_device *bdev = lookup_bdev(dev);
	struct elv_tunable_value v[16];
	int n;

	if (!bdev || !bdev->bd_disk->queue)
		return;
	n = min(elv_tunables_get(bdev->bd_disk->queue, NULL, v, ARRAY_SIZE(v)),
		(int)ARRAY_SIZE(v));
	for (int i = 0; i < n; i++)
		complete_if_prefix(v[i].t->name, cc);
}

static void shell_complete(const char *line, size_t word_start, size_t word_len, void *ctx,
			   void (*add)(void *acc, const char *candidate), void *acc)
{
	struct complete_ctx cc = { line + word_start, word_len, add, acc };
	char cmd[16], dev[DISK_NAME_LEN];
	unsigned int idx = 0;
	bool in_word = false;

	(void)ctx;
	/* Which word is being completed: count the words before it. */
	for (size_t i = 0; i < word_start; i++) {
		bool space = line[i] == ' ' || line[i] == '\t';

		if (!space && !in_word)
			idx++;
		in_word = !space;
	}
	if (idx == 0) {
		for_each_shell_cmd(c)
			complete_if_prefix(c->name, &cc);
		return;
	}
	/* The third word of sched and tune: an elevator, a tunable of DEV's. */
	if (idx == 2 && line_word(line, word_start, 0, cmd, sizeof(cmd))) {
		if (!strcmp(cmd, "sched")) {
			elevator_names(complete_if_prefix, &cc);
			return;
		}
		if (!strcmp(cmd, "tune")) {
			if (line_word(line, word_start, 1, dev, sizeof(dev)))
				complete_tunables(dev, &cc);
			return;
		}
	}
	/* Anything else may be a device: disks and their partitions. */
	bdev_names(complete_if_prefix, &cc);
}

/* ---- the loop ---- */

static void shell_write(const char *s, size_t n, void *ctx)
{
	(void)ctx;
	console_write(s, n);
}

static void shell_run_line(char *line)
{
	char *argv[SHELL_MAX_ARGS];
	const struct shell_cmd *cmd;
	int argc = shell_split(line, argv, SHELL_MAX_ARGS);

	if (argc == -E2BIG) {
		shell_printf("too many words: at most %d\n", SHELL_MAX_ARGS - 1);
		return;
	}
	if (argc < 0) {
		shell_puts("unterminated quote\n");
		return;
	}
	if (!argc)
		return;
	cmd = shell_find(argv[0]);
	if (!cmd) {
		shell_printf("%s: unknown command; `help` lists them\n", argv[0]);
		return;
	}
	shell_current = cmd;
	intr_base = READ_ONCE(console_intr_count);
	cmd->fn(argc, argv);
	shell_progress_done();
	if (shell_interrupted()) {
		console_flush_input();
		shell_puts("interrupted\n");
	}
	shell_current = NULL;
}

/*
 * The prompt names a real disk if there is one: the first AHCI disk,
 * else the first IDE disk, else whatever came first (a RAM disk).
 */
static void shell_pick_default_dev(void)
{
	static const char *const prefer[] = { "sd", "hd", "" };

	for (unsigned int i = 0; i < ARRAY_SIZE(prefer); i++)
		for (struct gendisk *d = disk_iter_next(NULL); d; d = disk_iter_next(d))
			if (!strncmp(d->disk_name, prefer[i], strlen(prefer[i]))) {
				strlcpy(shell_default_dev, d->disk_name,
					sizeof(shell_default_dev));
				return;
			}
}

/* The first partition of the default disk, else the disk: what to read. */
static const char *welcome_read_dev(void)
{
	struct block_device *bdev = lookup_bdev(shell_default_dev);

	if (!bdev)
		return shell_default_dev;
	for (int n = 1; n < DISK_MAX_PARTS; n++)
		if (bdev->bd_disk->bdev[n])
			return bdev->bd_disk->bdev[n]->name;
	return shell_default_dev;
}

/*
 * Five commands to try, on the disks this machine has: a first look
 * (lsblk, read), then the block layer at work (sched, bench, queue). The
 * benchmark goes to sim0 when there is one: an emulated disk answers
 * within microseconds, so its elevator seldom holds anything to look at,
 * while sim0's modelled seeks make requests queue up.
 */
static void shell_welcome(void)
{
	const char *dev = shell_default_dev;
	const char *busy = lookup_bdev("sim0") ? "sim0" : dev;
	char ex[5][48];
	static const char *const what[5] = {
		"the disks, their partitions and elevators",
		"the first sector, as a hexdump",
		"switch the elevator, live",
		"a benchmark in the background (`wait` for it)...",
		"...and meanwhile look inside the elevator",
	};
	int width = 0;

	snprintf(ex[0], sizeof(ex[0]), "lsblk");
	snprintf(ex[1], sizeof(ex[1]), "read %s 0", welcome_read_dev());
	snprintf(ex[2], sizeof(ex[2]), "sched %s deadline", dev);
	snprintf(ex[3], sizeof(ex[3]), "bench %s rand read qd=8 &", busy);
	snprintf(ex[4], sizeof(ex[4]), "queue %s", busy);
	for (int i = 0; i < 5; i++)
		width = max(width, (int)strlen(ex[i]));
	shell_puts("\nWelcome to Lantern. A few things to try:\n");
	for (int i = 0; i < 5; i++)
		shell_printf("  %-*s  %s\n", width, ex[i], what[i]);
	shell_puts("`help` lists every command, `help CMD` explains one. Tab completes.\n"
		   "`poweroff` flushes the disks and ends the session.\n\n");
}

__noreturn void shell_main(void)
{
	static struct readline rl;
	char prompt[48];

	readline_init(&rl, shell_write, NULL);
	readline_set_completion(&rl, shell_complete, NULL);
	shell_pick_default_dev();
	shell_welcome();
	for (;;) {
		enum rl_event ev;

		snprintf(prompt, sizeof(prompt), "lantern%s%s> ",
			 shell_default_dev[0] ? ":" : "", shell_default_dev);
		readline_start(&rl, prompt);
		do {
			ev = readline_feed(&rl, console_getchar());
		} while (ev == RL_MORE);
		if (ev == RL_LINE) {
			static char line[RL_LINE_MAX];

			/* The editor keeps its own copy for history; split a copy. */
			strlcpy(line, readline_line(&rl), sizeof(line));
			shell_run_line(line);
		}
	}
}
