/*
 * cmd_io.c - the data on the disks: read (a hexdump), write and verify
 * (data patterns), and what they share with dd and cmp (cmd_dd.c).
 *
 * All I/O goes through blkdev_rw_pages() (block/blk-lib.c), i.e.
 * submit_bio and the whole request path: partition remap, bounce, the
 * elevator, the driver, as a filesystem's I/O would. Long commands work
 * in pieces of IO_CHUNK_SECTORS, each one waited for, so between pieces
 * they can show progress, notice Ctrl-C and let other threads run.
 *
 * LBAs are 512-byte sectors from the start of the device named: sda1's
 * LBA 0 is its first sector, wherever the partition starts on sda.
 */
#include "kernel.h"
#include "blkdev.h"
#include "jiffies.h"
#include "sched.h"
#include "shell.h"
#include "shell_args.h"
#include "shell_io.h"
#include "string.h"
#include "cmd_io.h"

/* read prints at most this many sectors: 2048 lines of hexdump. */
#define READ_MAX_SECTORS	64

/* ---- shared with cmd_dd.c ---- */

int io_buf_alloc(struct io_buf *b, unsigned int sectors)
{
	b->nr = DIV_ROUND_UP(sectors, PAGE_SIZE >> 9);
	for (unsigned int i = 0; i < b->nr; i++) {
		b->pages[i] = alloc_page(GFP_KERNEL);
		if (!b->pages[i]) {
			b->nr = i;
			io_buf_free(b);
			shell_printf("%s: out of memory for a %u KiB buffer\n",
				     shell_current->name, sectors / 2);
			return -ENOMEM;
		}
	}
	return 0;
}

void io_buf_free(struct io_buf *b)
{
	for (unsigned int i = 0; i < b->nr; i++)
		__free_page(b->pages[i]);
	b->nr = 0;
}

int io_parse_num(const char *what, const char *s, u64 *v)
{
	int err = shell_parse_u64(s, v);

	if (err)
		shell_printf("%s: %s '%s' is %s\n", shell_current->name, what, s,
			     err == -ERANGE ? "too big" : "not a number (decimal, or hex after 0x)");
	return err;
}

struct block_device *io_device(const char *name, u64 lba, u64 count)
{
	struct block_device *bdev = shell_lookup_bdev(name);
	char msg[128];

	if (!bdev)
		return NULL;
	if (shell_check_range(lba, count, bdev->bd_part->nr_sects, msg, sizeof(msg))) {
		shell_printf("%s: %s: %s\n", shell_current->name, name, msg);
		return NULL;
	}
	return bdev;
}

bool io_writable(struct block_device *bdev)
{
	if (!bdev->bd_disk->read_only)
		return true;
	shell_printf("%s: %s: read-only device, not writing to it\n", shell_current->name,
		     bdev->name);
	return false;
}

static const char *io_errstr(int err)
{
	switch (err) {
	case -EIO:		return "I/O error";
	case -ETIMEDOUT:	return "the device timed out";
	case -EROFS:		return "read-only device";
	case -ENOMEM:		return "out of memory";
	case -EINVAL:		return "the device refused the request";
	default:		return "error";
	}
}

int io_rw(struct block_device *bdev, unsigned long rw, u64 lba, struct io_buf *b,
	  unsigned int sectors)
{
	int err;

	shell_wait_begin("%s: %s LBA %llu-%llu", shell_current->name, bdev->name,
			 (unsigned long long)lba, (unsigned long long)(lba + sectors - 1));
	err = blkdev_rw_pages(bdev, rw, lba, b->pages, sectors, shell_wait_stop);

	if (err == -EINPROGRESS) {
		/*
		 * Ctrl-C came while the disk had not served a bio yet (behind
		 * an rt process, say): the shell goes on, the bio stays queued.
		 */
		shell_printf("%s: %s: LBA %llu-%llu still queued at Ctrl-C: %s when %s serves "
			     "it\n", shell_current->name, bdev->name, (unsigned long long)lba,
			     (unsigned long long)(lba + sectors - 1),
			     rw & REQ_WRITE ? "written" : "read and dropped",
			     bdev->bd_disk->disk_name);
		return -EINTR;
	}
	if (err && err != -EINTR)
		shell_printf("%s: %s: %s LBA %llu-%llu failed: %s (%d)\n", shell_current->name,
			     bdev->name, rw & REQ_WRITE ? "writing" : "reading",
			     (unsigned long long)lba, (unsigned long long)(lba + sectors - 1),
			     io_errstr(err), err);
	return err;
}

void io_print_diff(const char *devs, const struct io_diff *d, const char *want,
		   const char *got)
{
	shell_printf("%s: %s: first difference at LBA %llu, byte %llu (offset 0x%llx): "
		     "%s 0x%02x, %s 0x%02x\n", shell_current->name, devs,
		     (unsigned long long)(d->first >> 9), (unsigned long long)(d->first & 511),
		     (unsigned long long)d->first, want, d->want, got, d->got);
}

void io_print_stopped(const char *devs, u64 done, u64 total)
{
	shell_printf("%s: %s: stopped after %llu of %llu sector%s\n", shell_current->name,
		     devs, (unsigned long long)done, (unsigned long long)total, plural(total));
}

void io_print_bad(const char *devs, u64 bad, u64 checked, bool stopped, const char *what)
{
	shell_printf("%s: %s: %llu of %s%llu sector%s%s differ%s%s%s\n", shell_current->name, devs,
		     (unsigned long long)bad, stopped ? "the " : "", (unsigned long long)checked,
		     plural(checked), stopped ? " checked" : "", bad == 1 ? "s" : "",
		     what ? " from " : "", what ? what : "");
}

void io_progress_start(struct io_progress *p, const char *what, const char *dev)
{
	snprintf(p->what, sizeof(p->what), "%s: %s", what, dev);
	p->start = jiffies;
}

/*
 * Only once a command has run for a while: a short one prints nothing
 * but its result, which keeps transcripts (and the tests') readable.
 */
void io_progress(struct io_progress *p, u64 done, u64 total)
{
	cond_resched();
	if (time_after(jiffies, p->start + msecs_to_jiffies(IO_PROGRESS_DELAY_MS)))
		shell_progress(p->what, done, total);
}

/* ---- read ---- */

static int read_dump(struct block_device *bdev, u64 lba, unsigned int count, struct io_buf *b)
{
	struct hexdump h;
	char line[HEXDUMP_LINE_MAX];
	u64 pos = lba << 9;

	hexdump_init(&h);
	for (unsigned int i = 0; i < count * 32; i++, pos += 16) {
		u8 *page = io_buf_page(b, i / (PAGE_SIZE / 16));
		size_t n = hexdump_line(&h, pos, page + i % (PAGE_SIZE / 16) * 16,
					line, sizeof(line));

		if (n)
			shell_puts(line);
		if (shell_interrupted())
			return -EINTR;
	}
	hexdump_end(pos, line, sizeof(line));
	shell_puts(line);
	return 0;
}

static int cmd_read(int argc, char **argv)
{
	struct block_device *bdev;
	struct io_buf b;
	u64 lba, count = 1;
	unsigned int shown;
	int err;

	if (argc < 3 || argc > 4)
		return shell_usage_current();
	if (io_parse_num("LBA", argv[2], &lba) ||
	    (argc == 4 && io_parse_num("COUNT", argv[3], &count)))
		return -EINVAL;
	bdev = io_device(argv[1], lba, count);
	if (!bdev)
		return -EINVAL;
	shown = (unsigned int)min_t(u64, count, READ_MAX_SECTORS);
	err = io_buf_alloc(&b, shown);
	if (err)
		return err;
	err = io_rw(bdev, READ, lba, &b, shown);
	if (!err && bdev->bd_partno)
		shell_printf("%s starts at %s LBA %llu: offsets are from the partition's start\n",
			     bdev->name, bdev->bd_disk->disk_name,
			     (unsigned long long)bdev->bd_part->start_sect);
	if (!err)
		err = read_dump(bdev, lba, shown, &b);
	io_buf_free(&b);
	if (!err && shown < count)
		shell_printf("read: showed %u of %llu sectors, the most it prints at once; "
			     "the rest: read %s %llu %llu\n", shown, (unsigned long long)count,
			     argv[1], (unsigned long long)(lba + shown),
			     (unsigned long long)(count - shown));
	return err;
}
SHELL_CMD_HELP(read, "read", "read DEV LBA [COUNT]",
	       "hexdump COUNT sectors (default 1, at most 64)",
	       "The lines are those of hexdump -C, offsets in bytes from the device's\n"
	       "start: the same as `hexdump -C -s $((LBA*512)) -n $((COUNT*512)) IMAGE`\n"
	       "on the host. A run of equal lines shows as one line and a '*'.");

/* ---- write and verify ---- */

/* "write DEV LBA COUNT PATTERN": the device (range checked) and the pattern. */
static struct block_device *pattern_args(char **argv, u64 *lba, u64 *count,
					 struct shell_pattern *pat)
{
	int err;

	if (io_parse_num("LBA", argv[2], lba) || io_parse_num("COUNT", argv[3], count))
		return NULL;
	err = shell_parse_pattern(argv[4], pat);
	if (err) {
		shell_printf("%s: bad pattern '%s': %s\n", shell_current->name, argv[4],
			     err == -E2BIG ? "a string is at most 63 bytes" :
			     err == -ERANGE && !strncmp(argv[4], "seed:", 5) ?
			     "a seed is at most 4294967295 (0xffffffff)" :
			     err == -ERANGE ? "a byte is at most 255 (0xff)" :
			     "a byte (0xAA), inc, seed:N or a string");
		return NULL;
	}
	return io_device(argv[1], *lba, *count);
}

static int cmd_write(int argc, char **argv)
{
	struct shell_pattern pat;
	struct shell_pattern_cursor cur;
	struct io_progress prog;
	struct block_device *bdev;
	struct io_buf b;
	u64 lba, count, done = 0;
	char name[80], size[24];
	int err;

	if (argc != 5)
		return shell_usage_current();
	bdev = pattern_args(argv, &lba, &count, &pat);
	if (!bdev)
		return -EINVAL;
	if (!io_writable(bdev))
		return -EROFS;
	err = io_buf_alloc(&b, (unsigned int)min_t(u64, count, IO_CHUNK_SECTORS));
	if (err)
		return err;
	shell_pattern_init(&cur, &pat);
	io_progress_start(&prog, "write", argv[1]);
	while (done < count && !shell_interrupted()) {
		unsigned int n = (unsigned int)min_t(u64, count - done, IO_CHUNK_SECTORS);

		for (unsigned int i = 0; i < DIV_ROUND_UP(n, PAGE_SIZE >> 9); i++)
			shell_pattern_fill(&cur, io_buf_page(&b, i), io_buf_len(n, i));
		err = io_rw(bdev, WRITE, lba + done, &b, n);
		if (err)
			break;
		done += n;
		io_progress(&prog, done, count);
	}
	io_buf_free(&b);
	shell_progress_done();
	if (err && err != -EINTR)
		return err;
	if (done < count) {
		io_print_stopped(argv[1], done, count);
		return -EINTR;
	}
	shell_format_size(count << 9, size, sizeof(size));
	shell_printf("write: %s: %llu sector%s (%s) at LBA %llu written with %s\n", argv[1],
		     (unsigned long long)count, plural(count), size, (unsigned long long)lba,
		     shell_pattern_name(&pat, name, sizeof(name)));
	return 0;
}
SHELL_CMD_HELP(write, "write", "write DEV LBA COUNT PATTERN",
	       "fill COUNT sectors from LBA on with PATTERN",
	       "PATTERN: a byte (0xAA or 170), inc (0, 1, ... 255, 0, ...), seed:N\n"
	       "(xorshift32 from N, the bytes tests/qemu/diskimg.py makes), or a\n"
	       "string repeated (quote it for spaces). The pattern runs on across the\n"
	       "sectors, from the first byte written; `verify` with the same LBA and\n"
	       "pattern checks it. The device's write cache is not flushed: `sync`.");

static int cmd_verify(int argc, char **argv)
{
	struct shell_pattern pat;
	struct shell_pattern_cursor cur;
	struct io_progress prog;
	struct io_diff diff = { 0 };
	struct block_device *bdev;
	struct io_buf b, want;
	u64 lba, count, done = 0;
	char name[80];
	int err;

	if (argc != 5)
		return shell_usage_current();
	bdev = pattern_args(argv, &lba, &count, &pat);
	if (!bdev)
		return -EINVAL;
	err = io_buf_alloc(&b, (unsigned int)min_t(u64, count, IO_CHUNK_SECTORS));
	if (err)
		return err;
	/* What is expected, one page at a time. */
	err = io_buf_alloc(&want, 1);
	if (err) {
		io_buf_free(&b);
		return err;
	}
	shell_pattern_init(&cur, &pat);
	io_progress_start(&prog, "verify", argv[1]);
	while (done < count && !shell_interrupted()) {
		unsigned int n = (unsigned int)min_t(u64, count - done, IO_CHUNK_SECTORS);

		err = io_rw(bdev, READ, lba + done, &b, n);
		if (err)
			break;
		for (unsigned int i = 0; i < DIV_ROUND_UP(n, PAGE_SIZE >> 9); i++) {
			size_t len = io_buf_len(n, i);

			shell_pattern_fill(&cur, io_buf_page(&want, 0), len);
			io_diff_add(&diff, ((lba + done) << 9) + i * PAGE_SIZE,
				    io_buf_page(&want, 0), io_buf_page(&b, i), len);
		}
		done += n;
		io_progress(&prog, done, count);
	}
	io_buf_free(&want);
	io_buf_free(&b);
	shell_progress_done();
	shell_pattern_name(&pat, name, sizeof(name));
	if (diff.found)
		io_print_diff(argv[1], &diff, "expected", "found");
	if (err && err != -EINTR)
		return err;
	if (done < count) {
		io_print_stopped(argv[1], done, count);
		io_print_bad(argv[1], diff.bad_sectors, done, true, name);
		return -EINTR;
	}
	if (diff.found) {
		io_print_bad(argv[1], diff.bad_sectors, count, false, name);
		return -EILSEQ;
	}
	shell_printf("verify: %s: %llu sector%s match%s %s\n", argv[1],
		     (unsigned long long)count, plural(count), count == 1 ? "es" : "", name);
	return 0;
}
SHELL_CMD_HELP(verify, "verify", "verify DEV LBA COUNT PATTERN",
	       "check COUNT sectors from LBA on hold PATTERN",
	       "PATTERN as for write, starting at LBA: `write sda 100 8 seed:7` is\n"
	       "checked by `verify sda 100 8 seed:7`. Prints the first byte that\n"
	       "differs and how many sectors hold a difference.");
