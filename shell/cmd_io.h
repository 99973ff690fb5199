/*
 * cmd_io.h - what cmd_io.c (read, write, verify) shares with cmd_dd.c
 * (dd, cmp): buffers, argument checks that print their own message, I/O
 * that reports its failure, progress. Each prints "CMD: ..." with the
 * running command's name.
 */
#ifndef _LANTERN_SHELL_CMD_IO_H
#define _LANTERN_SHELL_CMD_IO_H

#include "mm.h"
#include "types.h"

struct block_device;

/*
 * The most one bio carries: 128 KiB, which every queue here takes in one
 * request, and short enough on the slowest disk for Ctrl-C and progress
 * to answer promptly.
 */
#define IO_CHUNK_SECTORS	256u
#define IO_CHUNK_PAGES		(IO_CHUNK_SECTORS / (PAGE_SIZE >> 9))
/* Progress shows only for commands running longer than this. */
#define IO_PROGRESS_DELAY_MS	500

/* Pages for one chunk, as blkdev_rw_pages() takes them. */
struct io_buf {
	struct page *pages[IO_CHUNK_PAGES];
	unsigned int nr;
};

/* Room for @sectors (<= IO_CHUNK_SECTORS). 0, or -ENOMEM after saying so. */
int io_buf_alloc(struct io_buf *b, unsigned int sectors);
void io_buf_free(struct io_buf *b);

static inline u8 *io_buf_page(const struct io_buf *b, unsigned int i)
{
	return page_address(b->pages[i]);
}

/* Bytes of page @i in a chunk of @sectors. */
static inline size_t io_buf_len(unsigned int sectors, unsigned int i)
{
	size_t bytes = (size_t)sectors << 9;

	return bytes - i * PAGE_SIZE < PAGE_SIZE ? bytes - i * PAGE_SIZE : PAGE_SIZE;
}

/* A number typed as @what ("LBA"); prints why not and returns -errno. */
int io_parse_num(const char *what, const char *s, u64 *v);
/*
 * The device @name, if [@lba, +@count) lies on it; else NULL after
 * printing the known devices or "CMD: DEV: LBA ... is past the end ...".
 */
struct block_device *io_device(const char *name, u64 lba, u64 count);
/* May the shell write to @bdev? If not, say so. */
bool io_writable(struct block_device *bdev);
/*
 * blkdev_rw_pages() of @sectors (<= IO_CHUNK_SECTORS) at @lba; a failure
 * is printed with the LBA range it hit: "CMD: DEV: reading LBA a-b
 * failed: I/O error (-5)".
 */
int io_rw(struct block_device *bdev, unsigned long rw, u64 lba, struct io_buf *b,
	  unsigned int sectors);
/*
 * "CMD: DEV: first difference at LBA 5, byte 18 (offset 0xa12): @want
 * 0x3c, @got 0x00", @devs being "sda" or "sda sdb".
 */
struct io_diff;
void io_print_diff(const char *devs, const struct io_diff *d, const char *want,
		   const char *got);
/* "CMD: DEV: stopped after D of T sectors" after Ctrl-C. */
void io_print_stopped(const char *devs, u64 done, u64 total);
/*
 * "CMD: DEVS: B of C sectors differ[ from WHAT]", or after Ctrl-C
 * (@stopped) "B of the C sectors checked differ".
 */
void io_print_bad(const char *devs, u64 bad, u64 checked, bool stopped, const char *what);

/* The "s" of "sectors" or none. */
static inline const char *plural(u64 n)
{
	return n == 1 ? "" : "s";
}

struct io_progress {
	char what[48];
	unsigned long start;	/* jiffies */
};

void io_progress_start(struct io_progress *p, const char *what, const char *dev);
/* Between chunks: let other threads run; show progress once it has been a while. */
void io_progress(struct io_progress *p, u64 done, u64 total);

#endif
