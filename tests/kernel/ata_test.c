/*
 * ata_test.c - `ktest=ata`: the legacy IDE channel code against QEMU's
 * PIIX IDE, on whatever disks are attached (tests/qemu/disks.py and the
 * kernel layer of tests/run-all boot it with hda and no hdb).
 */
#include "kernel.h"
#include "kunit.h"
#include "../../drivers/ata/ata_sff.h"

/*
 * Regression: a soft reset issued while the (absent) slave was selected
 * was taken as finished at once, because an absent device reads status
 * 0. QEMU completes the reset a little later, and the commands sent in
 * between (selecting the master, IDENTIFY) were ignored: hda vanished
 * at boot, mostly on a busy host. Every reset must now leave device 0
 * selectable and answering.
 */
static void ata_reset_keeps_device_0(struct kunit *test)
{
	int lost = ata_pio_test_reset(0, 50);

	if (lost == -ENODEV) {
		kunit_skip(test, "no IDE disk on the primary channel");
		return;
	}
	KUNIT_EXPECT_EQ(test, lost, 0);
}

static struct kunit_case ata_cases[] = {
	KUNIT_CASE(ata_reset_keeps_device_0),
	{}
};

static struct kunit_suite ata_suite = { .name = "ata", .test_cases = ata_cases };
kunit_test_suite(ata_suite);
