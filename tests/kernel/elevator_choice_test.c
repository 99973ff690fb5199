/*
 * elevator_choice_test.c - every disk runs the elevator `elevator=` chose
 * for it (elevator=NAME for all, elevator=DEV:NAME for one), applied by
 * add_disk. tests/run-all boots this suite a second time with
 * "elevator=ram0:deadline elevator=sim0:noop" so the per-disk path runs.
 */
#include "kernel.h"
#include "blkdev.h"
#include "elevator.h"
#include "kunit.h"
#include "string.h"

static void check_disk(struct kunit *test, const char *name)
{
	struct block_device *bdev = lookup_bdev(name);
	const char *want, *have;

	if (!bdev) {
		kunit_skip(test, "disk not present");
		return;
	}
	want = elevator_boot_choice(name);
	have = bdev_get_queue(bdev)->elevator->elevator_type->elevator_name;
	/* An unknown choice falls back to noop, with a warning at boot. */
	if (!elevator_find(want))
		want = "noop";
	KUNIT_EXPECT_STREQ(test, have, want);
}

static void elevator_choice_ram0(struct kunit *test)
{
	check_disk(test, "ram0");
}

static void elevator_choice_sim0(struct kunit *test)
{
	check_disk(test, "sim0");
}

static struct kunit_case elevator_choice_cases[] = {
	KUNIT_CASE(elevator_choice_ram0),
	KUNIT_CASE(elevator_choice_sim0),
	{}
};
static struct kunit_suite elevator_choice_suite = {
	.name = "elevator-choice",
	.test_cases = elevator_choice_cases,
};
kunit_test_suite(elevator_choice_suite);
