/*
 * reboot_test.c - what kernel_power_off() and kernel_restart() do before
 * the machine goes: the reboot notifier chain and the disk cache flush
 * (ktest=reboot); and the two demos that really go, for the host to
 * watch (tests/qemu/power.py):
 *
 *   ktest=poweroff-demo   kernel_power_off(): S5 must end QEMU with status
 *                         0 and a "guest-shutdown" SHUTDOWN event
 *   ktest=reboot-demo     kernel_restart(): under -no-reboot, status 0
 *                         and "guest-reset"
 *
 * Neither demo returns when it works; when it does not, the kernel halts
 * with a message and the host's time limit fails the test.
 */
#include "kernel.h"
#include "blkdev.h"
#include "genhd.h"
#include "kunit.h"
#include "reboot.h"

static int dummy_notifier(struct notifier_block *nb, unsigned long event, void *data)
{
	return NOTIFY_DONE;
}

static void reboot_notifier_register_unregister(struct kunit *test)
{
	struct notifier_block a = { .notifier_call = dummy_notifier, .priority = 1 };
	struct notifier_block b = { .notifier_call = dummy_notifier, .priority = 2 };

	KUNIT_EXPECT_EQ(test, register_reboot_notifier(&a), 0);
	KUNIT_EXPECT_EQ(test, register_reboot_notifier(&b), 0);
	KUNIT_EXPECT_TRUE(test, b.next == &a);	/* higher priority first */
	KUNIT_EXPECT_EQ(test, unregister_reboot_notifier(&a), 0);
	KUNIT_EXPECT_EQ(test, unregister_reboot_notifier(&a), -ENOENT);
	KUNIT_EXPECT_EQ(test, unregister_reboot_notifier(&b), 0);
}

/* The shutdown path's flush: an empty REQ_FLUSH bio through ram0's queue. */
static void reboot_flush_ram0(struct kunit *test)
{
	struct block_device *bdev = lookup_bdev("ram0");

	KUNIT_ASSERT_NOT_NULL(test, bdev);
	KUNIT_EXPECT_EQ(test, blkdev_issue_flush(bdev, NULL), 0);
	/* A flush is a write: a read-only disk refuses it (and is skipped at shutdown). */
	bdev->bd_disk->read_only = true;
	KUNIT_EXPECT_EQ(test, blkdev_issue_flush(bdev, NULL), -EROFS);
	bdev->bd_disk->read_only = false;
}

static struct kunit_case reboot_cases[] = {
	KUNIT_CASE(reboot_notifier_register_unregister),
	KUNIT_CASE(reboot_flush_ram0),
	{}
};

static struct kunit_suite reboot_suite = {
	.name = "reboot",
	.test_cases = reboot_cases,
};
kunit_test_suite(reboot_suite);

static void poweroff_demo(void)
{
	pr_info("poweroff-demo: kernel_power_off()\n");
	kernel_power_off();
}
KTEST_DEMO("poweroff-demo", poweroff_demo);

static void reboot_demo(void)
{
	pr_info("reboot-demo: kernel_restart()\n");
	kernel_restart(NULL);
}
KTEST_DEMO("reboot-demo", reboot_demo);
