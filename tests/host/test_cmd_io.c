/*
 * test_cmd_io.c - the shell's data commands (shell/cmd_io.c, cmd_dd.c)
 * run on the host, unchanged, on in-memory disks behind the real request
 * path, with the shell's output captured. What the QEMU scenarios cannot
 * reach: a read-only disk (no emulated one is), I/O errors in the middle
 * of a command, Ctrl-C between any two chunks of read, write, verify, dd
 * and cmp, 4096-byte logical blocks, and a dd from a partition onto its
 * own disk where the ranges overlap. Every write is checked against a
 * model of the disk.
 */
#include <stdlib.h>
#include "harness.h"
#include "shell_stub.h"
#include "hosted.h"
#include "shell.h"
#include "shell_args.h"
#include "string.h"

#define DISK_SECTORS	2048

/* ---- the disks: "ram" (and its partition "ram1") and "rb" ---- */

struct mem_disk {
	struct gendisk disk;
	struct block_device whole, part;
	struct hd_struct part1;
	struct request_queue *q;
	u8 media[DISK_SECTORS * 512];
	u8 model[DISK_SECTORS * 512];
	sector_t bad;		/* a request touching it fails */
};

static struct mem_disk ram, rb;
static spinlock_t lock;

static void mem_request_fn(struct request_queue *q)
{
	struct mem_disk *d = q->queuedata;
	struct request *rq;

	while ((rq = blk_fetch_request(q)) != NULL) {
		int err = d->bad >= blk_rq_pos(rq) && d->bad < rq_end_sector(rq) ? -EIO : 0;

		if (!err)
			hosted_rq_copy(rq, d->media);
		__blk_end_request_all(rq, err);
	}
}

static void disk_setup(struct mem_disk *d, const char *name, unsigned short lbs)
{
	if (d->q)
		blk_cleanup_queue(d->q);
	d->q = blk_init_queue(mem_request_fn, &lock, "noop");
	d->q->queuedata = d;
	CHECK_EQ(blk_queue_logical_block_size(d->q, lbs), 0);
	hosted_disk_init(&d->disk, &d->whole, d->q, name, DISK_SECTORS);
	d->part1 = (struct hd_struct){ .start_sect = 40, .nr_sects = 600, .partno = 1 };
	d->part = (struct block_device){ .bd_disk = &d->disk, .bd_part = &d->part1,
					 .bd_partno = 1 };
	snprintf(d->part.name, sizeof(d->part.name), "%s1", name);
	d->disk.bdev[1] = &d->part;
	d->disk.part[1] = &d->part1;
	d->disk.nr_parts = 2;
	for (size_t i = 0; i < sizeof(d->media); i++)
		d->media[i] = (u8)rand();
	memcpy(d->model, d->media, sizeof(d->media));
	d->bad = ~0ULL;
}

struct block_device *shell_lookup_bdev(const char *name)
{
	struct block_device *all[] = { &ram.whole, &ram.part, &rb.whole, &rb.part };

	for (size_t i = 0; i < ARRAY_SIZE(all); i++)
		if (!strcmp(all[i]->name, name))
			return all[i];
	shell_printf("unknown device '%s'; known: ram ram1 rb rb1\n", name);
	return NULL;
}

static void setup(unsigned short lbs)
{
	static bool booted;

	if (!booted) {
		hosted_block_boot();
		spin_lock_init(&lock);
		booted = true;
	}
	disk_setup(&ram, "ram", lbs);
	disk_setup(&rb, "rb", 512);
	shell_intr_after = -1;
	shell_progress_calls = 0;
}

static bool starts(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* The model gets @pat at [@lba, +@n) of the disk, from the pattern's start. */
static void model_pattern(struct mem_disk *d, sector_t lba, unsigned int n, const char *pat)
{
	struct shell_pattern p;
	struct shell_pattern_cursor c;

	CHECK_EQ(shell_parse_pattern(pat, &p), 0);
	shell_pattern_init(&c, &p);
	shell_pattern_fill(&c, d->model + (lba << 9), (size_t)n << 9);
}

static bool media_ok(struct mem_disk *d)
{
	return !memcmp(d->media, d->model, sizeof(d->media));
}

/* ---- the tests ---- */

TEST(write_read_verify)
{
	char want[256];

	setup(512);
	RUN("write ram 100 700 seed:7", 0,
	    "write: ram: 700 sectors (350 KiB) at LBA 100 written with seed:7\n");
	model_pattern(&ram, 100, 700, "seed:7");
	CHECK(media_ok(&ram));
	RUN("verify ram 100 700 seed:7", 0, "verify: ram: 700 sectors match seed:7\n");
	/* Differences in two chunks: the first one found, every one counted. */
	ram.media[(300 << 9) + 17] ^= 1;
	ram.media[(600 << 9) + 511] ^= 1;
	ram.media[(601 << 9)] ^= 1;
	snprintf(want, sizeof(want), "verify: ram: first difference at LBA 300, byte 17 "
		 "(offset 0x25811): expected 0x%02x, found 0x%02x\n"
		 "verify: ram: 3 of 700 sectors differ from seed:7\n",
		 ram.model[(300 << 9) + 17], ram.media[(300 << 9) + 17]);
	RUN("verify ram 100 700 seed:7", -EILSEQ, want);
	/* Through the partition: its LBA 0 is the disk's 40. */
	RUN("write ram1 0 2 \"hi there\"", 0,
	    "write: ram1: 2 sectors (1 KiB) at LBA 0 written with \"hi there\"\n");
	memcpy(ram.model, ram.media, sizeof(ram.model));
	model_pattern(&ram, 40, 2, "\"hi there\"");
	CHECK(!memcmp(ram.media + 40 * 512, "hi therehi there", 16));
	RUN("read ram1 1", 0,
	    "ram1 starts at ram LBA 40: offsets are from the partition's start\n"
	    "00000200  68 69 20 74 68 65 72 65  68 69 20 74 68 65 72 65  |hi therehi there|\n"
	    "*\n"
	    "00000400\n");
	CHECK_EQ(shell_progress_calls, 0);	/* no progress on a clock that does not move */
}

TEST(read_caps_at_64_sectors)
{
	setup(512);
	memset(ram.media, 0, 80 << 9);
	RUN("read ram 0 80", 0,
	    "00000000  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|\n"
	    "*\n"
	    "00008000\n"
	    "read: showed 64 of 80 sectors, the most it prints at once; the rest: read ram 64 16\n");
}

TEST(read_only_disks_are_not_written)
{
	setup(512);
	ram.disk.read_only = true;
	RUN("write ram 0 1 0", -EROFS, "write: ram: read-only device, not writing to it\n");
	RUN("write ram1 0 1 0", -EROFS, "write: ram1: read-only device, not writing to it\n");
	RUN("dd if=rb of=ram count=4", -EROFS,
	    "dd: ram: read-only device, not writing to it\n");
	CHECK(media_ok(&ram));
	/* Reading it is fine, and copying from it. */
	CHECK_EQ(shell_run("read ram 0"), 0);
	CHECK_EQ(shell_run("cmp ram rb 0 1"), -EILSEQ);
	CHECK_EQ(shell_run("dd if=ram of=rb count=4"), 0);
	CHECK(!memcmp(rb.media, ram.media, 4 << 9));
	ram.disk.read_only = false;
}

TEST(io_errors_name_the_range)
{
	setup(512);
	ram.bad = 700;
	RUN("write ram 0 1000 0xaa", -EIO,
	    "write: ram: writing LBA 512-767 failed: I/O error (-5)\n");
	memset(ram.model, 0xaa, 512 << 9);
	CHECK(media_ok(&ram));
	RUN("read ram 690 20", -EIO, "read: ram: reading LBA 690-709 failed: I/O error (-5)\n");
	RUN("verify ram 0 1000 0xaa", -EIO,
	    "verify: ram: reading LBA 512-767 failed: I/O error (-5)\n");
	RUN("cmp rb ram 600 200", -EIO, "cmp: ram: reading LBA 600-799 failed: I/O error (-5)\n");
	CHECK_EQ(shell_run("dd if=ram of=rb count=1000"), -EIO);
	CHECK(starts(shell_out, "dd: ram: reading LBA 512-767 failed: I/O error (-5)\n"
		       "512+0 records in\n512+0 records out\n262144 bytes (256 KiB) copied, "));
	CHECK(!memcmp(rb.media, ram.media, 512 << 9));
	CHECK_EQ(shell_run("dd if=rb of=ram count=1000 bs=1k"), -EIO);
	CHECK(starts(shell_out, "dd: ram: writing LBA 512-767 failed: I/O error (-5)\n"
		       "256+0 records in\n"));
	/* A verify that found a difference before the error says both. */
	ram.media[5] = 0;
	RUN("verify ram 0 1000 0xaa", -EIO,
	    "verify: ram: reading LBA 512-767 failed: I/O error (-5)\n"
	    "verify: ram: first difference at LBA 0, byte 5 (offset 0x5): expected 0xaa, "
	    "found 0x00\n");
}

TEST(ctrl_c_between_chunks)
{
	setup(512);
	shell_intr_after = 2;		/* two chunks, then Ctrl-C */
	RUN("write ram 0 1000 inc", -EINTR, "write: ram: stopped after 512 of 1000 sectors\n");
	model_pattern(&ram, 0, 512, "inc");
	CHECK(media_ok(&ram));
	shell_intr_after = 1;
	RUN("verify ram 0 1000 inc", -EINTR,
	    "verify: ram: stopped after 256 of 1000 sectors\n"
	    "verify: ram: 0 of the 256 sectors checked differ from inc\n");
	shell_intr_after = 3;
	rb.media[0] = 0x5a;
	RUN("cmp ram rb 0 1000", -EINTR,
	    "cmp: ram rb: first difference at LBA 0, byte 0 (offset 0x0): ram 0x00, rb 0x5a\n"
	    "cmp: ram rb: stopped after 768 of 1000 sectors\n"
	    "cmp: ram rb: 768 of the 768 sectors checked differ\n");
	shell_intr_after = 0;		/* before the first chunk */
	RUN("write ram 0 1 0", -EINTR, "write: ram: stopped after 0 of 1 sector\n");
	shell_intr_after = 2;
	CHECK_EQ(shell_run("dd if=ram of=rb bs=1k count=500"), -EINTR);
	CHECK(starts(shell_out, "256+0 records in\n256+0 records out\n262144 bytes (256 KiB) "
		       "copied, "));
	CHECK(strstr(shell_out, "\ndd: rb: stopped after 512 of 1000 sectors\n"));
	CHECK(!memcmp(rb.media, ram.media, 512 << 9));
	CHECK(!memcmp(rb.media + (512 << 9), rb.model + (512 << 9), (DISK_SECTORS - 512) << 9));
	/* A read stops between lines and prints no closing offset. */
	shell_intr_after = 5;
	CHECK_EQ(shell_run("read ram 600 4"), -EINTR);
	CHECK_EQ(strlen(shell_out), 6 * 79);
	CHECK(!strncmp(shell_out + 5 * 79, "0004b050  ", 10));
}

TEST(dd_overlapping_partition_and_disk)
{
	/* ram1 is ram's 40..639: ram1 0..299 onto ram 60..359 overlaps. */
	setup(512);
	CHECK_EQ(shell_run("dd if=ram1 of=ram seek=60 count=300"), 0);
	CHECK(starts(shell_out, "300+0 records in\n300+0 records out\n153600 bytes (150 KiB) "
		       "copied, "));
	memmove(ram.model + (60 << 9), ram.model + (40 << 9), 300 << 9);
	CHECK(media_ok(&ram));
	/* And the other way: the destination below the source. */
	CHECK_EQ(shell_run("dd if=ram of=ram1 skip=300 count=400"), 0);
	memmove(ram.model + (40 << 9), ram.model + (300 << 9), 400 << 9);
	CHECK(media_ok(&ram));
	/* Interrupted while copying backwards: the last sectors are done. */
	shell_intr_after = 1;
	CHECK_EQ(shell_run("dd if=ram of=ram skip=100 seek=101 count=600"), -EINTR);
	CHECK(strstr(shell_out, "dd: ram: stopped after 256 of 600 sectors\n"
		     "dd: the copy ran backwards (the ranges overlap): those are the last "
		     "256 sectors\n"));
	memmove(ram.model + (101 + 344) * 512, ram.model + (100 + 344) * 512, 256 << 9);
	CHECK(media_ok(&ram));
	/*
	 * Stopped by an I/O error instead: the records counted are still the
	 * last ones, and dd must say so as it does for Ctrl-C.
	 */
	shell_intr_after = -1;
	ram.bad = 200;
	CHECK_EQ(shell_run("dd if=ram of=ram skip=100 seek=101 count=600"), -EIO);
	CHECK(strstr(shell_out, "dd: the copy ran backwards (the ranges overlap): those are the last "
		     "256 sectors\n"));
	ram.bad = ~0ULL;
}

TEST(dd_to_the_end_with_a_short_record)
{
	setup(512);
	CHECK_EQ(shell_run("dd if=ram1 of=rb bs=7k"), 0);
	CHECK(starts(shell_out, "42+1 records in\n42+1 records out\n307200 bytes (300 KiB) "
		       "copied, "));
	CHECK(!memcmp(rb.media, ram.media + (40 << 9), 600 << 9));
}

TEST(blocks_of_4096_bytes)
{
	setup(4096);
	RUN("write ram 3 13 seed:2", 0,
	    "write: ram: 13 sectors (6.5 KiB) at LBA 3 written with seed:2\n");
	model_pattern(&ram, 3, 13, "seed:2");
	CHECK(media_ok(&ram));
	RUN("verify ram 3 13 seed:2", 0, "verify: ram: 13 sectors match seed:2\n");
	CHECK_EQ(shell_run("dd if=rb of=ram skip=1 seek=5 count=300"), 0);
	memcpy(ram.model + (5 << 9), rb.media + 512, 300 << 9);
	CHECK(media_ok(&ram));
	CHECK_EQ(shell_run("cmp ram rb 1 1"), -EILSEQ);
	CHECK_EQ(shell_run("read ram 1"), 0);
	CHECK(starts(shell_out, "00000200  "));
}
