/*
 * cmd_dd.c - copying and comparing devices: dd and cmp.
 *
 * Both work in chunks through blkdev_rw_pages() like the commands of
 * cmd_io.c, whose helpers they use. dd between ranges of one disk that
 * overlap (sda to sda, or sda1 to sda, which are the same sectors) copies
 * from the end backwards when the destination lies inside the source, as
 * memmove does, so each sector is read before it is overwritten.
 */
#include "kernel.h"
#include "blkdev.h"
#include "sched.h"
#include "shell.h"
#include "shell_args.h"
#include "shell_io.h"
#include "string.h"
#include "cmd_io.h"

/* "1048576 bytes (1 MiB) copied, 0.012 s, 85.3 MB/s" */
static void dd_print_rate(u64 bytes, u64 ns)
{
	u64 us = ns / 1000 ? ns / 1000 : 1;
	u64 tenths = bytes * 10 / us;	/* bytes per µs are MB/s; no overflow below 2^60 bytes */
	char size[24];

	shell_format_size(bytes, size, sizeof(size));
	shell_printf("%llu bytes (%s) copied, %llu.%03llu s, %llu.%llu MB/s\n",
		     (unsigned long long)bytes, size, (unsigned long long)(ns / 1000000000),
		     (unsigned long long)(ns / 1000000 % 1000),
		     (unsigned long long)(tenths / 10), (unsigned long long)(tenths % 10));
}

/* The copy itself: @p.sectors from @in to @out; returns the sectors done in *@done. */
static int dd_copy(struct block_device *in, struct block_device *out,
		   const struct dd_plan *p, bool backward, u64 *done)
{
	struct io_progress prog;
	struct io_buf b;
	int err;

	*done = 0;
	if (!p->sectors)
		return 0;
	err = io_buf_alloc(&b, (unsigned int)min_t(u64, p->sectors, IO_CHUNK_SECTORS));
	if (err)
		return err;
	io_progress_start(&prog, "dd", out->name);
	while (*done < p->sectors && !shell_interrupted()) {
		unsigned int n = (unsigned int)min_t(u64, p->sectors - *done, IO_CHUNK_SECTORS);
		u64 off = io_chunk_offset(p->sectors, *done, n, backward);

		err = io_rw(in, READ, p->src + off, &b, n);
		if (!err)
			err = io_rw(out, WRITE, p->dst + off, &b, n);
		if (err)
			break;
		*done += n;
		io_progress(&prog, *done, p->sectors);
	}
	io_buf_free(&b);
	shell_progress_done();
	return err == -EINTR ? 0 : err;	/* Ctrl-C: a copy that stopped early */
}

static int cmd_dd(int argc, char **argv)
{
	struct block_device *in, *out;
	struct dd_args a;
	struct dd_plan p;
	char msg[160];
	bool which_out, backward;
	u64 done, t0, bs_sects, full;
	unsigned int partial;
	int err;

	if (io_dd_parse(argc, argv, &a, msg, sizeof(msg))) {
		if (!msg[0])
			return shell_usage_current();
		shell_printf("dd: %s\n", msg);
		return -EINVAL;
	}
	in = shell_lookup_bdev(a.in);
	if (!in)
		return -ENODEV;
	out = shell_lookup_bdev(a.out);
	if (!out)
		return -ENODEV;
	if (io_dd_plan(&a, in->bd_part->nr_sects, out->bd_part->nr_sects, &p, &which_out,
		       msg, sizeof(msg))) {
		shell_printf("dd: %s: %s\n", which_out ? a.out : a.in, msg);
		return -ERANGE;
	}
	if (!io_writable(out))
		return -EROFS;
	/* Partitions of one disk are the same sectors: compare on the disk. */
	backward = in->bd_disk == out->bd_disk &&
		   io_copy_backward(in->bd_part->start_sect + p.src,
				    out->bd_part->start_sect + p.dst, p.sectors);
	t0 = local_clock();
	err = dd_copy(in, out, &p, backward, &done);
	t0 = local_clock() - t0;

	/* What dd says even when stopped early: the records that made it. */
	bs_sects = a.bs >> 9;
	full = done == p.sectors ? p.full : done / bs_sects;
	partial = done == p.sectors ? p.partial : done % bs_sects != 0;
	shell_printf("%llu+%u records in\n%llu+%u records out\n", (unsigned long long)full,
		     partial, (unsigned long long)full, partial);
	dd_print_rate(done << 9, t0);
	/* Stopped by Ctrl-C or an error: either way, say which end was done. */
	if (!err && done < p.sectors)
		io_print_stopped(out->name, done, p.sectors);
	if (backward && done < p.sectors)
		shell_printf("dd: the copy ran backwards (the ranges overlap): "
			     "those are the last %llu sectors\n", (unsigned long long)done);
	if (!err && done < p.sectors)
		return -EINTR;
	return err;
}
SHELL_CMD_HELP(dd, "dd", "dd if=DEV of=DEV [bs=SIZE] [count=N] [skip=N] [seek=N]",
	       "copy count blocks of bs bytes from if= (after skip) to of= (after seek)",
	       "bs defaults to 512 and must be a multiple of 512 (k/M/G allowed); count,\n"
	       "skip and seek are in blocks of bs. Without count, dd copies to the end\n"
	       "of if=, the last record short if bs does not divide what is left\n"
	       "(N+1 records). Overlapping ranges of one disk are copied correctly.");

static int cmd_cmp(int argc, char **argv)
{
	struct block_device *d1, *d2;
	struct io_diff diff = { 0 };
	struct io_progress prog;
	struct io_buf b1, b2;
	char devs[2 * DISK_NAME_LEN + 2];
	u64 lba, count, done = 0;
	int err;

	if (argc != 5)
		return shell_usage_current();
	if (io_parse_num("LBA", argv[3], &lba) || io_parse_num("COUNT", argv[4], &count))
		return -EINVAL;
	d1 = io_device(argv[1], lba, count);
	if (!d1)
		return -EINVAL;
	d2 = io_device(argv[2], lba, count);
	if (!d2)
		return -EINVAL;
	snprintf(devs, sizeof(devs), "%s %s", argv[1], argv[2]);
	err = io_buf_alloc(&b1, (unsigned int)min_t(u64, count, IO_CHUNK_SECTORS));
	if (err)
		return err;
	err = io_buf_alloc(&b2, (unsigned int)min_t(u64, count, IO_CHUNK_SECTORS));
	if (err) {
		io_buf_free(&b1);
		return err;
	}
	io_progress_start(&prog, "cmp", devs);
	while (done < count && !shell_interrupted()) {
		unsigned int n = (unsigned int)min_t(u64, count - done, IO_CHUNK_SECTORS);

		err = io_rw(d1, READ, lba + done, &b1, n);
		if (!err)
			err = io_rw(d2, READ, lba + done, &b2, n);
		if (err)
			break;
		for (unsigned int i = 0; i < DIV_ROUND_UP(n, PAGE_SIZE >> 9); i++)
			io_diff_add(&diff, ((lba + done) << 9) + i * PAGE_SIZE, io_buf_page(&b1, i),
				    io_buf_page(&b2, i), io_buf_len(n, i));
		done += n;
		io_progress(&prog, done, count);
	}
	io_buf_free(&b2);
	io_buf_free(&b1);
	shell_progress_done();
	if (diff.found)
		io_print_diff(devs, &diff, argv[1], argv[2]);
	if (err && err != -EINTR)
		return err;
	if (done < count) {
		io_print_stopped(devs, done, count);
		io_print_bad(devs, diff.bad_sectors, done, true, NULL);
		return -EINTR;
	}
	if (diff.found) {
		io_print_bad(devs, diff.bad_sectors, count, false, NULL);
		return -EILSEQ;
	}
	shell_printf("cmp: %s: %llu sector%s from LBA %llu %s identical\n", devs,
		     (unsigned long long)count, plural(count), (unsigned long long)lba,
		     count == 1 ? "is" : "are");
	return 0;
}
SHELL_CMD_HELP(cmp, "cmp", "cmp DEV1 DEV2 LBA COUNT",
	       "compare two devices, COUNT sectors from LBA on",
	       "Prints the first byte that differs (both values) and how many\n"
	       "sectors hold a difference, or that the ranges are identical.");
