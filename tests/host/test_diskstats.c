/*
 * test_diskstats.c - the /proc/diskstats line and the queue-counters
 * line (block/stats.c) after known I/O on an in-memory driver that holds
 * its requests until the test ends them, with jiffies moved by hand: so
 * ticks, in_flight, io_ticks and time_in_queue have exact values.
 */
#include "harness.h"
#include "hosted.h"
#include "elevator.h"
#include "init.h"
#include "slab.h"
#include "string.h"

static struct gendisk disk;
static struct hd_struct part1 = { .start_sect = 2048, .nr_sects = 4096, .partno = 1 };
static struct block_device whole, part;
static struct request_queue *q;
static spinlock_t lock;

/* Requests the "driver" started and has not ended yet, oldest first. */
static struct request *held[8];
static int nr_held;

static void hold_request_fn(struct request_queue *rq_q)
{
	struct request *rq;

	while (nr_held < 8 && (rq = blk_fetch_request(rq_q)) != NULL)
		held[nr_held++] = rq;
}

/* End the oldest held request, as a driver's completion would. */
static void end_oldest(void)
{
	struct request *rq = held[0];

	memmove(held, held + 1, sizeof(held[0]) * (size_t)--nr_held);
	CHECK(!blk_end_request(rq, 0, blk_rq_bytes(rq)));
}

static void setup(const char *name)
{
	static bool booted;

	if (!booted) {
		hosted_block_boot();
		spin_lock_init(&lock);
		booted = true;
	}
	if (q)
		blk_cleanup_queue(q);
	q = blk_init_queue(hold_request_fn, &lock, "noop");
	hosted_disk_init(&disk, &whole, q, name, 1 << 16);
	part = (struct block_device){ .bd_disk = &disk, .bd_part = &part1, .bd_partno = 1 };
	snprintf(part.name, sizeof(part.name), "%sp1", name);
	disk.bdev[1] = &part;
	disk.part[1] = &part1;
	disk.nr_parts = 2;
	memset(&part1.dkstats, 0, sizeof(part1.dkstats));
	nr_held = 0;
}

static int ends;
static void count_end(struct bio *bio, int error)
{
	ends += !error;
	bio_put(bio);
}

/* One page (8 sectors) at @sector. */
static void submit(unsigned long rw, sector_t sector)
{
	struct bio *bio = bio_alloc(GFP_KERNEL, 1);

	bio->bi_sector = sector;
	bio->bi_end_io = count_end;
	bio_add_page(bio, alloc_pages(GFP_KERNEL, 1), PAGE_SIZE, 0);
	bio->bi_bdev = &whole;
	submit_bio(rw, bio);
}

TEST(known_io_gives_the_exact_diskstats_line)
{
	char line[256];

	setup("ram0");
	ends = 0;
	/* One read, in the driver for 5 ms. */
	submit(READ_SYNC, 100);
	CHECK_EQ(nr_held, 1);
	CHECK_EQ(disk.part0.dkstats.in_flight, 1);
	hosted_advance_jiffies(5);
	end_oldest();
	/* Three writes behind the plug: a back and a front merge, one request. */
	submit(WRITE, 200);
	submit(WRITE, 208);
	submit(WRITE, 192);
	CHECK_EQ(nr_held, 0);
	blk_unplug(q);
	CHECK_EQ(nr_held, 1);
	hosted_advance_jiffies(3);
	end_oldest();
	/* Two reads in flight together for 2 ms, then one alone for 2 ms. */
	submit(READ_SYNC, 1000);
	submit(READ_SYNC, 3000);
	CHECK_EQ(nr_held, 2);
	diskstats_show_line(&disk, 0, line, sizeof(line));
	CHECK_STREQ(line, "   1       0 ram0 1 0 8 5 1 2 24 3 2 8 8\n");
	hosted_advance_jiffies(2);
	end_oldest();
	hosted_advance_jiffies(2);
	end_oldest();
	CHECK_EQ(ends, 6);
	/*
	 * reads 3, sectors 24, ticks 5+2+4; writes 1 with 2 merges, 24
	 * sectors, 3 ms; busy 5+3+4 ms; time_in_queue 5 + 3 + 2*2 + 2.
	 */
	CHECK_EQ(diskstats_show_line(&disk, 0, line, sizeof(line)),
		 (int)strlen("   1       0 ram0 3 0 24 11 1 2 24 3 0 12 14\n"));
	CHECK_STREQ(line, "   1       0 ram0 3 0 24 11 1 2 24 3 0 12 14\n");
	/*
	 * The partition (sectors 2048..6143, minor 0 + 1) counts what began
	 * in it: the read at 3000, 4 ms in the driver, alone there.
	 */
	diskstats_show_line(&disk, 1, line, sizeof(line));
	CHECK_STREQ(line, "   1       1 ram0p1 1 0 8 4 0 0 0 0 0 4 4\n");
	CHECK_EQ(diskstats_show_line(&disk, 2, line, sizeof(line)), -EINVAL);
	CHECK_EQ(diskstats_show_line(&disk, DISK_MAX_PARTS, line, sizeof(line)), -EINVAL);

	/* Each sync bio plugged and unplugged at once: plugs counts them too. */
	blk_queue_stats_show_line(&disk, line, sizeof(line));
	CHECK_STREQ(line, "ram0 back_merges 1 front_merges 1 rq_merges 0 bounced_bios 0"
		    " plugs 4 unplug_timer 0 unplug_thresh 0 unplug_sync 3"
		    " unplug_explicit 1 get_request_sleeps 0 nowait_again 0 splits 0 timeouts 0"
		    " elevator_switches 0\n");
}

TEST(majors_follow_linux_by_name_unless_the_driver_sets_one)
{
	char line[128];

	setup("sdb");
	diskstats_show_line(&disk, 0, line, sizeof(line));
	CHECK_STREQ(line, "   8      16 sdb 0 0 0 0 0 0 0 0 0 0 0\n");
	diskstats_show_line(&disk, 1, line, sizeof(line));
	CHECK_STREQ(line, "   8      17 sdbp1 0 0 0 0 0 0 0 0 0 0 0\n");
	setup("hdb");
	diskstats_show_line(&disk, 0, line, sizeof(line));
	CHECK_STREQ(line, "   3      64 hdb 0 0 0 0 0 0 0 0 0 0 0\n");
	setup("sim0");
	diskstats_show_line(&disk, 0, line, sizeof(line));
	CHECK_STREQ(line, "   0       0 sim0 0 0 0 0 0 0 0 0 0 0 0\n");
	disk.major = 254;
	disk.first_minor = 32;
	diskstats_show_line(&disk, 0, line, sizeof(line));
	CHECK_STREQ(line, " 254      32 sim0 0 0 0 0 0 0 0 0 0 0 0\n");
}

TEST(short_buffers_are_cut_and_the_full_length_returned)
{
	char line[16];
	int n;

	setup("ram3");
	n = diskstats_show_line(&disk, 0, line, sizeof(line));
	CHECK_EQ(n, (int)strlen("   1       3 ram3 0 0 0 0 0 0 0 0 0 0 0\n"));
	CHECK_STREQ(line, "   1       3 ra");	/* 15 and the NUL */
	n = blk_queue_stats_show_line(&disk, line, sizeof(line));
	CHECK(n > 100);
	CHECK_STREQ(line, "ram3 back_merge");
	disk.queue = NULL;
	CHECK_EQ(blk_queue_stats_show_line(&disk, line, sizeof(line)), -EINVAL);
	disk.queue = q;
}
