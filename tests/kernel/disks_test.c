/*
 * disks_test.c - `ktest=disks`: the storage drivers against disk images
 * that the host made and will check (tests/qemu/disks.py).
 *
 * The kernel cannot know what the host put on a disk, so this suite
 * reports and the host judges:
 *   # DISK name=hda driver=ata_pio sectors=131072
 *   # PART name=hda1 start=2048 size=20480
 * for every disk of a hardware driver, and runs the operations named by
 * `disktest=OP[,OP...]`, in order:
 *   R:DEV:LBA:COUNT         read; prints # CRC dev= lba= count= crc32=
 *   W:DEV:LBA:COUNT:SEED    write the seeded pattern, flush, read back and
 *                           compare here too; prints # WROTE ...
 *   E:DEV:LBA:COUNT         a read that must fail with -EIO
 *   F:DEV:LBA:COUNT         a write that must fail with -EIO
 *   Q:DEV:LBA:COUNT:SEED    every other 4 KiB block of the range written
 *                           with all bios in flight at once (no merging
 *                           possible), flushed, then read back the same
 *                           way and compared; under noop so the elevator
 *                           holds nothing back. Prints # QUEUED ...
 *                           in_flight_max=N (requests the driver held at
 *                           once) hw_max=N (commands the controller held)
 *   Q:DEV+DEV2:LBA:COUNT:SEED  Q on two devices at once (both disks of an
 *                           IDE channel, say): both write rounds in flight
 *                           together, both flushed, both read rounds
 *                           together. DEV is Q's; DEV2's pattern starts
 *                           from SEED+1 (mod 2^32) and its blocks are of
 *                           mixed sizes: block i is 8 >> (i % 4) sectors,
 *                           still every 16 sectors. A QUEUED line for
 *                           each, plus with=(the other) turns=N (how often
 *                           the bio that ended next was the other disk's,
 *                           the fewer of the two rounds)
 *   N:DEV:LBA:COUNT         Q's reads alone, where some may fail (NCQ error
 *                           recovery): prints # QERR ... failed=I,J,..
 *                           (block indexes, or none) crc32= (of the good
 *                           blocks in order) hw_max=
 *   p:DEV:LBA:COUNT         R, but in one polled command past the queue
 *                           (block_device_operations.rw_polled)
 *   P:DEV:LBA:COUNT:SEED    W by one polled command, read back through
 *                           the queue; COUNT <= POLL_MAX_SECTORS
 * DEV may be a partition; LBA counts from its start. The pattern is
 * xorshift32 (x ^= x << 13; x ^= x >> 17; x ^= x << 5) from SEED, one
 * little-endian word after another over the whole range: the host makes
 * the same bytes to compare with the image after QEMU exits.
 */
#include "kernel.h"
#include "blkdev.h"
#include "completion.h"
#include "crc32.h"
#include "elevator.h"
#include "init.h"
#include "kunit.h"
#include "ktest_bio.h"
#include "slab.h"
#include "scatterlist.h"
#include "string.h"
#include "../../drivers/ata/ahci.h"

#define CHUNK_SECTORS	128		/* 64 KiB per bio */
#define CHUNK_PAGES	(CHUNK_SECTORS * 512 / PAGE_SIZE)

static char disktest_ops[512];

static int disktest_setup(char *val)
{
	if (strlcpy(disktest_ops, val, sizeof(disktest_ops)) >= sizeof(disktest_ops))
		return -EINVAL;
	return 0;
}
__setup_help("disktest=", disktest_setup,
	     "OP[,OP...]: disk operations for ktest=disks (see tests/kernel/disks_test.c)");

/* One bio of @nr sectors (or an empty flush), waited for. */
static int rw_chunk(struct block_device *bdev, unsigned long rw, sector_t lba,
		    struct page **pages, unsigned int nr)
{
	struct bio *bio = bio_alloc(GFP_KERNEL, CHUNK_PAGES);
	unsigned int bytes = nr * 512;
	int err;

	for (unsigned int p = 0; bytes; p++) {
		unsigned int len = min_t(unsigned int, bytes, PAGE_SIZE);

		bio_add_page(bio, pages[p], len, 0);
		bytes -= len;
	}
	bio->bi_bdev = bdev;
	bio->bi_sector = lba;
	err = ktest_submit_wait(bio, rw, 0, NULL);
	bio_put(bio);
	return err;
}

/*
 * Read @nr sectors at @lba into @check through the queue and compare
 * them with @want: 0, the read's error, or -EILSEQ (and a failure).
 */
static int read_back(struct kunit *test, struct block_device *bdev, const char *dev,
		     sector_t lba, struct page **want, struct page **check, unsigned int nr)
{
	int err = rw_chunk(bdev, READ, lba, check, nr);

	for (unsigned int p = 0; !err && p * PAGE_SIZE < nr * 512; p++)
		if (memcmp(page_address(want[p]), page_address(check[p]),
			   min_t(unsigned int, PAGE_SIZE, nr * 512 - p * PAGE_SIZE))) {
			kunit_fail(test, __FILE__, __LINE__, "%s: read back differs near sector %llu",
				   dev, (unsigned long long)lba);
			err = -EILSEQ;
		}
	return err;
}

static void fill_pattern(struct page **pages, unsigned int nr, u32 *x)
{
	for (unsigned int p = 0; p < DIV_ROUND_UP(nr * 512, PAGE_SIZE); p++) {
		u32 *w = page_address(pages[p]);
		unsigned int words = min_t(unsigned int, PAGE_SIZE, nr * 512 - p * PAGE_SIZE) / 4;

		for (unsigned int i = 0; i < words; i++) {
			*x ^= *x << 13;
			*x ^= *x >> 17;
			*x ^= *x << 5;
			w[i] = *x;	/* i686 is little-endian, as the host assumes */
		}
	}
}

#define QD_BIOS		64	/* more than AHCI's 32 tags: tags must be reused */
#define QD_STRIDE	16	/* sectors from one block to the next: none can merge */

/* One device of a Q or N op: where its blocks go, their pages, its queue. */
struct qd_dev {
	const char *name;
	struct block_device *bdev;
	struct request_queue *q;	/* set once its settings below are saved */
	sector_t lba;
	unsigned int n;			/* blocks, one bio each */
	bool mixed;			/* the second device of a dual Q */
	u32 seed;
	u64 failed;			/* bit i: block i's bio ended in error */
	struct page *w[QD_BIOS], *r[QD_BIOS];
	struct bio *bios[QD_BIOS];
	char orig[16];			/* the queue's elevator before noop */
	unsigned int thresh;		/* its unplug threshold and delay before */
	unsigned long delay;
};

/*
 * Sectors in block i: 8 (4 KiB) each, but the second device of a dual Q
 * cycles through 8, 4, 2 and 1, so the commands the channel takes turns
 * between differ in size, none longer than the first device's.
 */
static unsigned int qd_sectors(const struct qd_dev *dv, unsigned int i)
{
	return dv->mixed ? 8u >> (i % 4) : 8u;
}

struct qd_state {
	atomic_t left;
	int errors;
	struct gendisk *last;		/* whose bio ended last */
	unsigned int turns;		/* times the next one was the other disk's */
	struct completion done;
};

static void qd_end(struct bio *bio, int error)
{
	struct qd_state *st = bio->bi_private;
	struct gendisk *disk = bio->bi_bdev->bd_disk;

	if (error)
		st->errors++;
	if (st->last && st->last != disk)
		st->turns++;
	st->last = disk;
	if (atomic_dec_and_test(&st->left))
		complete(&st->done);
}

/*
 * One bio per block of every device in @dv, all submitted, then every
 * queue unplugged, so all are in flight at once; wait for all. Sets each
 * device's failed; *@turns (may be NULL): how often the bio that ended
 * next was another disk's than the one before.
 */
static int qd_round(struct qd_dev *dv, unsigned int nd, unsigned long rw, unsigned int *turns)
{
	struct qd_state st = { .errors = 0 };
	unsigned int total = 0;

	for (unsigned int k = 0; k < nd; k++)
		total += dv[k].n;
	atomic_set(&st.left, (int)total);
	init_completion(&st.done);
	for (unsigned int k = 0; k < nd; k++)
		for (unsigned int i = 0; i < dv[k].n; i++) {
			struct bio *bio = bio_alloc(GFP_KERNEL, 1);

			bio_add_page(bio, rw == WRITE ? dv[k].w[i] : dv[k].r[i],
				     qd_sectors(&dv[k], i) * 512, 0);
			bio->bi_bdev = dv[k].bdev;
			bio->bi_sector = dv[k].lba + (sector_t)i * QD_STRIDE;
			bio->bi_end_io = qd_end;
			bio->bi_private = &st;
			dv[k].bios[i] = bio;
		}
	for (unsigned int k = 0; k < nd; k++)
		for (unsigned int i = 0; i < dv[k].n; i++)
			submit_bio(rw, dv[k].bios[i]);
	for (unsigned int k = 0; k < nd; k++)
		blk_unplug(dv[k].q);
	wait_for_completion(&st.done);
	for (unsigned int k = 0; k < nd; k++) {
		dv[k].failed = 0;
		for (unsigned int i = 0; i < dv[k].n; i++) {
			if (!bio_flagged(dv[k].bios[i], BIO_UPTODATE))
				dv[k].failed |= 1ull << i;
			bio_put(dv[k].bios[i]);
		}
	}
	if (turns)
		*turns = st.turns;
	return st.errors ? -EIO : 0;
}

/* Commands the controller held at once (white box: only AHCI queues them). */
static unsigned long hw_max(struct block_device *bdev, bool reset)
{
	struct ahci_port *pp = bdev->bd_disk->private_data;

	if (strcmp(bdev->bd_disk->driver, "ahci"))
		return 1;
	if (reset)
		pp->ncq_max_inflight = 0;
	return pp->ncq_max_inflight;
}

/*
 * Ready @dv (name set) for a Q or N op: under noop, its counters reset,
 * the plug holding every block back, the write pattern from @seed in its
 * pages (block i holds the pattern's next words for its sectors).
 */
static int qd_open(struct kunit *test, char op, struct qd_dev *dv, sector_t lba,
		   unsigned long count, u32 seed)
{
	u32 x = seed ? seed : 0x9e3779b9u;
	struct request_queue *q;

	dv->bdev = lookup_bdev(dv->name);
	dv->n = (unsigned int)min_t(unsigned long, count / QD_STRIDE, QD_BIOS);
	if (!dv->bdev || !dv->n) {
		kunit_fail(test, __FILE__, __LINE__, "disktest %c: no device %s or range too small",
			   op, dv->name);
		return -EINVAL;
	}
	dv->lba = lba;
	dv->seed = seed;
	q = bdev_get_queue(dv->bdev);
	strlcpy(dv->orig, q->elevator->elevator_type->elevator_name, sizeof(dv->orig));
	KUNIT_EXPECT_EQ(test, elevator_change(q, "noop"), 0);
	q->stats.in_flight_max = 0;
	hw_max(dv->bdev, true);
	/*
	 * Keep the whole batch behind the plug until qd_round() unplugs, so
	 * the driver is offered all of it at once (the emulated disk is quick
	 * enough to finish commands while later bios are still being built).
	 */
	dv->thresh = q->unplug_thresh;
	dv->delay = q->unplug_delay;
	q->unplug_thresh = QD_BIOS + 1;
	dv->q = q;
	for (unsigned int i = 0; i < dv->n; i++) {
		dv->w[i] = alloc_page(GFP_KERNEL);
		dv->r[i] = alloc_page(GFP_KERNEL);
		if (!dv->w[i] || !dv->r[i]) {
			kunit_fail(test, __FILE__, __LINE__, "disktest %c: out of memory", op);
			return -ENOMEM;
		}
		fill_pattern(&dv->w[i], qd_sectors(dv, i), &x);
	}
	return 0;
}

/* Undo qd_open, as far as it went. */
static void qd_close(struct kunit *test, struct qd_dev *dv)
{
	for (unsigned int i = 0; i < dv->n; i++) {
		if (dv->w[i])
			__free_page(dv->w[i]);
		if (dv->r[i])
			__free_page(dv->r[i]);
	}
	if (!dv->q)
		return;
	dv->q->unplug_thresh = dv->thresh;
	dv->q->unplug_delay = dv->delay;
	KUNIT_EXPECT_EQ(test, elevator_change(dv->q, dv->orig), 0);
}

/* N: the read round of Q alone; which blocks failed, and the good ones' crc. */
static int queued_errors(struct kunit *test, struct qd_dev *dv, unsigned long count)
{
	char failed_list[QD_BIOS * 3 + 8] = "";
	u32 crc = ~0u;
	size_t len = 0;

	qd_round(dv, 1, READ, NULL);
	for (unsigned int i = 0; i < dv->n; i++) {
		if (!(dv->failed & (1ull << i))) {
			crc = crc32_le(crc, page_address(dv->r[i]), PAGE_SIZE);
			continue;
		}
		len += snprintf(failed_list + len, sizeof(failed_list) - len, "%s%u",
				len ? "," : "", i);
	}
	kunit_info(test, "QERR dev=%s lba=%llu count=%lu blocks=%u failed=%s crc32=%08x "
		   "hw_max=%lu", dv->name, (unsigned long long)dv->lba, count, dv->n,
		   len ? failed_list : "none", crc ^ ~0u, hw_max(dv->bdev, false));
	return 0;
}

/*
 * Q: every device's blocks written in one round, each device flushed,
 * then all read back in one round and compared. A dual op's QUEUED lines
 * add with= (the other device) and turns= (the fewer of the two rounds').
 */
static int queued_rw(struct kunit *test, struct qd_dev *dv, unsigned int nd,
		     unsigned long count)
{
	unsigned int turns[2] = { 0, 0 };
	int err = qd_round(dv, nd, WRITE, &turns[0]);

	for (unsigned int k = 0; !err && k < nd; k++)
		err = rw_chunk(dv[k].bdev, WRITE | REQ_FLUSH, 0, dv[k].w, 0);
	if (!err)
		err = qd_round(dv, nd, READ, &turns[1]);
	for (unsigned int k = 0; !err && k < nd; k++)
		for (unsigned int i = 0; !err && i < dv[k].n; i++)
			if (memcmp(page_address(dv[k].w[i]), page_address(dv[k].r[i]),
				   qd_sectors(&dv[k], i) * 512)) {
				kunit_fail(test, __FILE__, __LINE__,
					   "%s: queued block %u read back differs", dv[k].name, i);
				err = -EILSEQ;
			}
	if (err) {
		kunit_fail(test, __FILE__, __LINE__, "disktest Q %s%s%s: error %d", dv[0].name,
			   nd > 1 ? "+" : "", nd > 1 ? dv[1].name : "", err);
		return err;
	}
	for (unsigned int k = 0; k < nd; k++) {
		char pair[48] = "";

		if (nd > 1)
			snprintf(pair, sizeof(pair), " with=%s turns=%u", dv[k ^ 1].name,
				 min(turns[0], turns[1]));
		kunit_info(test, "QUEUED dev=%s lba=%llu count=%lu seed=%u blocks=%u "
			   "in_flight_max=%u hw_max=%lu%s", dv[k].name,
			   (unsigned long long)dv[k].lba, count, dv[k].seed, dv[k].n,
			   dv[k].q->stats.in_flight_max, hw_max(dv[k].bdev, false), pair);
	}
	return 0;
}

/*
 * Q and N: QD_BIOS scattered bios per device in flight at once, under
 * noop. @devs is DEV, or for Q two joined by '+': the second device's
 * pattern starts from @seed + 1 and its blocks are of mixed sizes.
 */
static int run_queued(struct kunit *test, char op, char *devs, sector_t lba,
		      unsigned long count, u32 seed)
{
	struct qd_dev *dv = kcalloc(2, sizeof(*dv), GFP_KERNEL);
	char *second = strchr(devs, '+');
	unsigned int nd = second ? 2 : 1, opened = 0;
	int err = 0;

	if (second)
		*second++ = '\0';
	if (!dv || (second && (op != 'Q' || !*second || strchr(second, '+')))) {
		kunit_fail(test, __FILE__, __LINE__, "disktest %c: bad device list or no memory",
			   op);
		kfree(dv);
		return -EINVAL;
	}
	dv[0].name = devs;
	dv[1].name = second;
	dv[1].mixed = true;
	for (; !err && opened < nd; opened++)
		err = qd_open(test, op, &dv[opened], lba, count, seed + opened);
	/* Both plugs hold until qd_round() unplugs, however long both batches take. */
	for (unsigned int k = 0; !err && nd > 1 && k < nd; k++)
		dv[k].q->unplug_delay = HZ;
	if (!err)
		err = op == 'N' ? queued_errors(test, dv, count) : queued_rw(test, dv, nd, count);
	while (opened--)	/* last first: two partitions of one disk share a queue */
		qd_close(test, &dv[opened]);
	kfree(dv);
	return err;
}

static int run_op(struct kunit *test, char op, const char *dev, sector_t lba,
		  unsigned long count, u32 seed, struct page **pages, struct page **check)
{
	struct block_device *bdev = lookup_bdev(dev);
	u32 crc = ~0u, x = seed ? seed : 0x9e3779b9u, y = x;
	int err = 0;

	if (!bdev) {
		kunit_fail(test, __FILE__, __LINE__, "disktest: no device %s", dev);
		return -ENODEV;
	}
	for (unsigned long off = 0; off < count && !err; off += CHUNK_SECTORS) {
		unsigned int nr = (unsigned int)min_t(unsigned long, count - off, CHUNK_SECTORS);

		if (op == 'W' || op == 'F') {
			fill_pattern(pages, nr, &x);
			err = rw_chunk(bdev, WRITE, lba + off, pages, nr);
			if (!err && op == 'W')
				err = read_back(test, bdev, dev, lba + off, pages, check, nr);
		} else {
			err = rw_chunk(bdev, READ, lba + off, pages, nr);
			for (unsigned int p = 0; !err && p < CHUNK_PAGES && p * PAGE_SIZE < nr * 512; p++)
				crc = crc32_le(crc, page_address(pages[p]),
					       min_t(unsigned int, PAGE_SIZE, nr * 512 - p * PAGE_SIZE));
		}
	}
	if (op == 'W' && !err) {
		/* An empty flush: what was written is on the medium now. */
		err = rw_chunk(bdev, WRITE | REQ_FLUSH, 0, pages, 0);
		if (!err)
			kunit_info(test, "WROTE dev=%s lba=%llu count=%lu seed=%u bounced=%lu", dev,
				   (unsigned long long)lba, count, y,
				   bdev_get_queue(bdev)->stats.bounced_bios);
	}
	if (op == 'R' && !err)
		kunit_info(test, "CRC dev=%s lba=%llu count=%lu crc32=%08x", dev,
			   (unsigned long long)lba, count, crc ^ ~0u);
	if (op == 'E' || op == 'F') {
		kunit_info(test, "%s dev=%s lba=%llu count=%lu error=%d",
			   op == 'E' ? "READERR" : "WRITEERR", dev,
			   (unsigned long long)lba, count, err);
		return err == -EIO ? 0 : -EINVAL;
	}
	if (err)
		kunit_fail(test, __FILE__, __LINE__, "disktest %c %s %llu+%lu: error %d", op, dev,
			   (unsigned long long)lba, count, err);
	return err;
}

#define POLL_MAX_SECTORS	(BIO_MAX_PAGES * (unsigned int)PAGE_SIZE / 512)

/*
 * p and P: the driver's polled path, page-sized segments so that every
 * driver's rules (PRDs within 64 KiB) hold. A polled write is read back
 * through the request path, so each path checks the other.
 */
static int run_polled(struct kunit *test, char op, const char *dev, sector_t lba,
		      unsigned long count, u32 seed, struct page **check)
{
	static struct scatterlist sg[BIO_MAX_PAGES];
	static struct page *pages[BIO_MAX_PAGES];
	struct block_device *bdev = lookup_bdev(dev);
	unsigned int nr_pages = DIV_ROUND_UP(count * 512, PAGE_SIZE);
	u32 crc = ~0u, x = seed ? seed : 0x9e3779b9u, y = x;
	struct gendisk *disk;
	int err = 0;

	if (!bdev || count > POLL_MAX_SECTORS || lba + count > bdev->bd_part->nr_sects) {
		kunit_fail(test, __FILE__, __LINE__, "disktest %c: no device %s, or %llu+%lu "
			   "is outside it or over %u sectors", op, dev,
			   (unsigned long long)lba, count, POLL_MAX_SECTORS);
		return -EINVAL;
	}
	disk = bdev->bd_disk;
	if (!disk->fops || !disk->fops->rw_polled) {
		kunit_fail(test, __FILE__, __LINE__, "%s: driver %s has no polled path",
			   dev, disk->driver);
		return -EOPNOTSUPP;
	}
	for (unsigned int i = 0; i < nr_pages; i++) {
		pages[i] = alloc_page(GFP_KERNEL);
		if (!pages[i]) {
			err = -ENOMEM;
			goto out;
		}
		sg[i] = (struct scatterlist){ pages[i], 0,
			min_t(unsigned int, PAGE_SIZE, count * 512 - i * PAGE_SIZE) };
	}
	if (op == 'P')
		fill_pattern(pages, (unsigned int)count, &x);
	err = disk->fops->rw_polled(disk, op == 'P' ? WRITE : READ,
				    bdev->bd_part->start_sect + lba, sg, nr_pages);
	for (unsigned long off = 0; !err && op == 'P' && off < count; off += CHUNK_SECTORS) {
		unsigned int nr = (unsigned int)min_t(unsigned long, count - off, CHUNK_SECTORS);

		err = read_back(test, bdev, dev, lba + off, &pages[off * 512 / PAGE_SIZE], check,
				nr);
	}
	if (!err && op == 'P')
		kunit_info(test, "WROTE dev=%s lba=%llu count=%lu seed=%u polled=1", dev,
			   (unsigned long long)lba, count, y);
	if (!err && op == 'p') {
		for (unsigned int i = 0; i < nr_pages; i++)
			crc = crc32_le(crc, page_address(pages[i]), sg[i].length);
		kunit_info(test, "CRC dev=%s lba=%llu count=%lu crc32=%08x polled=1", dev,
			   (unsigned long long)lba, count, crc ^ ~0u);
	}
out:
	for (unsigned int i = 0; i < nr_pages && pages[i]; i++) {
		__free_page(pages[i]);
		pages[i] = NULL;
	}
	if (err)
		kunit_fail(test, __FILE__, __LINE__, "disktest %c %s %llu+%lu: error %d", op, dev,
			   (unsigned long long)lba, count, err);
	return err;
}

static void disks_listed(struct kunit *test)
{
	for (struct gendisk *d = disk_iter_next(NULL); d; d = disk_iter_next(d)) {
		if (!d->driver || !strcmp(d->driver, "brd") || !strcmp(d->driver, "simdisk"))
			continue;
		kunit_info(test, "DISK name=%s driver=%s sectors=%llu", d->disk_name,
			   d->driver, (unsigned long long)get_capacity(d));
		for (int i = 1; i < DISK_MAX_PARTS; i++)
			if (d->part[i])
				kunit_info(test, "PART name=%s start=%llu size=%llu",
					   d->bdev[i] ? d->bdev[i]->name : "?",
					   (unsigned long long)d->part[i]->start_sect,
					   (unsigned long long)d->part[i]->nr_sects);
	}
}

static void disks_run_ops(struct kunit *test)
{
	struct page *pages[CHUNK_PAGES] = { NULL }, *check[CHUNK_PAGES] = { NULL };
	char *ops = disktest_ops;

	if (!*ops) {
		kunit_skip(test, "no disktest= operations");
		return;
	}
	for (unsigned int i = 0; i < CHUNK_PAGES; i++) {
		pages[i] = alloc_page(GFP_KERNEL);
		check[i] = alloc_page(GFP_KERNEL);
		KUNIT_ASSERT_TRUE(test, pages[i] && check[i]);
	}
	while (ops && *ops) {
		char *next = strchr(ops, ','), *f[5] = { NULL };
		unsigned long long lba = 0;
		unsigned long count = 0, seed = 0;
		int n = 0;

		if (next)
			*next++ = '\0';
		for (char *p = ops; p && n < 5; n++) {
			f[n] = p;
			p = strchr(p, ':');
			if (p)
				*p++ = '\0';
		}
		if (n < 4 || strlen(f[0]) != 1 || !strchr("RWEFQNpP", f[0][0]) ||
		    kstrtoull(f[2], 0, &lba) || kstrtoul(f[3], 0, &count) || !count ||
		    (strchr("WQP", f[0][0]) && (n < 5 || kstrtoul(f[4], 0, &seed)))) {
			kunit_fail(test, __FILE__, __LINE__, "disktest: bad operation '%s'", ops);
		} else if (f[0][0] == 'Q' || f[0][0] == 'N') {
			run_queued(test, f[0][0], f[1], lba, count, (u32)seed);
		} else if (f[0][0] == 'p' || f[0][0] == 'P') {
			run_polled(test, f[0][0], f[1], lba, count, (u32)seed, check);
		} else {
			run_op(test, f[0][0], f[1], lba, count, (u32)seed, pages, check);
		}
		ops = next;
	}
	for (unsigned int i = 0; i < CHUNK_PAGES; i++) {
		__free_page(pages[i]);
		__free_page(check[i]);
	}
}

static struct kunit_case disks_cases[] = {
	KUNIT_CASE(disks_listed),
	KUNIT_CASE(disks_run_ops),
	{}
};

static struct kunit_suite disks_suite = {
	.name = "disks",
	.test_cases = disks_cases,
};
kunit_test_suite(disks_suite);
