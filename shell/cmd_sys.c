/*
 * cmd_sys.c - the machine: uptime, dmesg, sync, poweroff, reboot.
 */
#include "kernel.h"
#include "blkdev.h"
#include "console.h"
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

static void sync_report(struct gendisk *disk, int err, void *ctx)
{
	(void)ctx;
	if (err)
		shell_printf("sync: %s: flush failed (%d)\n", disk->disk_name, err);
}

/* sync [DEV]: flush the write cache of one device, or of every disk. */
static int cmd_sync(int argc, char **argv)
{
	struct block_device *bdev;
	int err;

	if (argc > 2)
		return shell_usage_current();
	if (argc == 1)
		return blkdev_flush_all(sync_report, NULL);
	bdev = shell_lookup_bdev(argv[1]);
	if (!bdev)
		return -ENODEV;
	err = blkdev_issue_flush(bdev);
	if (err)
		shell_printf("sync: %s: flush failed (%d)\n", argv[1], err);
	return err;
}
SHELL_CMD(sync, "sync [DEV]", "flush the write cache of DEV, or of every disk");

static int cmd_poweroff(int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return shell_usage_current();
	kernel_power_off();	/* flushes every disk first */
}
SHELL_CMD(poweroff, "poweroff", "flush the disks, turn the machine off (ACPI S5)");

static int cmd_reboot(int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return shell_usage_current();
	kernel_restart(NULL);
}
SHELL_CMD(reboot, "reboot", "flush the disks and restart the machine");
