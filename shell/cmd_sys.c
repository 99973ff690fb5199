/*
 * cmd_sys.c - the machine: uptime, dmesg, sync, poweroff, reboot.
 */
#include "kernel.h"
#include "blkdev.h"
#include "console.h"
#include "demo_threads.h"
#include "reboot.h"
#include "sched.h"
#include "shell.h"

static int cmd_uptime(int argc, char **argv)
{
	u64 ns = local_clock();

	(void)argv;
	if (argc != 1)
		return shell_usage_current();
	shell_printf("up %llu.%03llu s\n", ns / 1000000000ull, ns / 1000000 % 1000);
	return 0;
}
SHELL_CMD(uptime, "uptime", "time since the kernel started");

/* The kernel log, oldest first; Ctrl-C stops a long one. */
static int cmd_dmesg(int argc, char **argv)
{
	unsigned long pos = log_buf_first();
	char buf[256];
	size_t n;

	(void)argv;
	if (argc != 1)
		return shell_usage_current();
	while (!shell_interrupted() && (n = log_buf_read(&pos, buf, sizeof(buf), false)))
		console_write(buf, n);
	return 0;
}
SHELL_CMD(dmesg, "dmesg", "print the kernel log");

/* Ctrl-C (-EINTR) is the shell's to report; a flush left queued is ours. */
static void sync_say(const char *name, int err)
{
	if (err == -EINPROGRESS)
		shell_printf("sync: %s: the flush is still queued at Ctrl-C\n", name);
	else if (err && err != -EINTR)
		shell_printf("sync: %s: flush failed (%d)\n", name, err);
}

static void sync_report(struct gendisk *disk, int err, void *ctx)
{
	(void)ctx;
	sync_say(disk->disk_name, err);
	/* The next disk's flush: its own second before a note. */
	shell_wait_begin("sync");
}

/* sync [DEV]: flush the write cache of one device, or of every disk. */
static int cmd_sync(int argc, char **argv)
{
	struct block_device *bdev;
	int err;

	if (argc > 2)
		return shell_usage_current();
	if (argc == 1) {
		shell_wait_begin("sync");
		return blkdev_flush_all(sync_report, NULL, shell_wait_stop);
	}
	bdev = shell_lookup_bdev(argv[1]);
	if (!bdev)
		return -ENODEV;
	shell_wait_begin("sync: %s", argv[1]);
	err = blkdev_issue_flush(bdev, shell_wait_stop);
	sync_say(argv[1], err);
	return err;
}
SHELL_CMD(sync, "sync [DEV]", "flush the write cache of DEV, or of every disk");

static int cmd_poweroff(int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return shell_usage_current();
	demo_threads_stop_all();
	kernel_power_off();	/* flushes every disk first */
}
SHELL_CMD(poweroff, "poweroff", "flush the disks, turn the machine off (ACPI S5)");

static int cmd_reboot(int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return shell_usage_current();
	demo_threads_stop_all();
	kernel_restart(NULL);
}
SHELL_CMD(reboot, "reboot", "flush the disks and restart the machine");
