/*
 * ata_test.c - `ktest=ata`: the legacy IDE channel code against QEMU's
 * PIIX IDE, on whatever disks are attached (tests/qemu/disks.py and the
 * kernel layer of tests/run-all boot it with hda and no hdb).
 */
#include "kernel.h"
#include "blkdev.h"
#include "kunit.h"
#include "ktest_bio.h"
#include "string.h"
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

/* The vectors of the odd bio: sectors straddle them, offsets are odd-ish. */
static const struct { unsigned int off, len; } split_vecs[] = {
	{ 0, 256 }, { 0, 768 }, { 256, 1536 }, { 100, 1536 },
};

static int split_rw(struct block_device *bdev, unsigned long rw, struct page **pages,
		    bool odd)
{
	struct bio *bio = bio_alloc(GFP_KERNEL, ARRAY_SIZE(split_vecs));
	int err;

	if (odd) {
		for (unsigned int i = 0; i < ARRAY_SIZE(split_vecs); i++)
			bio_add_page(bio, pages[i], split_vecs[i].len, split_vecs[i].off);
	} else {
		bio_add_page(bio, pages[0], PAGE_SIZE, 0);
	}
	bio->bi_bdev = bdev;
	bio->bi_sector = 0;
	err = ktest_submit_wait(bio, rw, 0, NULL);
	bio_put(bio);
	return err;
}

/*
 * Sectors that straddle two vectors (which only need to be whole bytes)
 * go through the driver's bounce sector under PIO, and become separate
 * PRDs under DMA. Read hda's first 4 KiB through such a bio and plainly,
 * then write the same bytes back through it: the disk is left as it was.
 */
static void ata_sectors_split_across_vectors(struct kunit *test)
{
	struct block_device *bdev = lookup_bdev("hda");
	struct page *plain, *pages[ARRAY_SIZE(split_vecs)];
	char *want;
	unsigned int at = 0;

	if (!bdev) {
		kunit_skip(test, "no hda");
		return;
	}
	plain = alloc_page(GFP_KERNEL);
	want = page_address(plain);
	for (unsigned int i = 0; i < ARRAY_SIZE(pages); i++) {
		pages[i] = alloc_page(GFP_KERNEL);
		memset(page_address(pages[i]), 0x5a, PAGE_SIZE);
	}
	KUNIT_ASSERT_EQ(test, split_rw(bdev, READ, &plain, false), 0);
	KUNIT_EXPECT_EQ(test, split_rw(bdev, READ, pages, true), 0);
	for (unsigned int i = 0; i < ARRAY_SIZE(split_vecs); i++) {
		KUNIT_EXPECT_TRUE(test, !memcmp((char *)page_address(pages[i]) + split_vecs[i].off,
						want + at, split_vecs[i].len));
		at += split_vecs[i].len;
	}
	KUNIT_EXPECT_EQ(test, at, PAGE_SIZE);
	/* Back through the odd bio, then read plainly: the same bytes. */
	KUNIT_EXPECT_EQ(test, split_rw(bdev, WRITE_SYNC, pages, true), 0);
	memset(want, 0, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, split_rw(bdev, READ, &plain, false), 0);
	at = 0;
	for (unsigned int i = 0; i < ARRAY_SIZE(split_vecs); i++) {
		KUNIT_EXPECT_TRUE(test, !memcmp((char *)page_address(pages[i]) + split_vecs[i].off,
						want + at, split_vecs[i].len));
		at += split_vecs[i].len;
	}
	__free_page(plain);
	for (unsigned int i = 0; i < ARRAY_SIZE(pages); i++)
		__free_page(pages[i]);
}

static struct kunit_case ata_cases[] = {
	KUNIT_CASE(ata_reset_keeps_device_0),
	KUNIT_CASE(ata_sectors_split_across_vectors),
	{}
};

static struct kunit_suite ata_suite = { .name = "ata", .test_cases = ata_cases };
kunit_test_suite(ata_suite);
