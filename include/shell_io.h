/*
 * shell_io.h - the portable parts of the shell's data commands
 * (shell/io_util.c; the commands are in shell/cmd_io.c and cmd_dd.c):
 * hexdump -C lines, comparing buffers sector by sector, dd's operands and
 * what they add up to, the direction of a copy between ranges that
 * overlap. Tested on the host (tests/host/test_shell_io.c).
 */
#ifndef _LANTERN_SHELL_IO_H
#define _LANTERN_SHELL_IO_H

#include "types.h"

/*
 * hexdump -C, 16 bytes a line, so `read` can be checked line for line
 * against `hexdump -C -s $((LBA * 512)) -n $((COUNT * 512)) IMAGE`:
 *   00000200  eb 63 90 10 8e d0 bc 00  b0 b8 00 00 8e d8 8e c0  |.c..............|
 * A line equal to the one before it prints as "*", and the lines after
 * that as nothing, until one differs; the dump ends with the offset after
 * its last byte on a line of its own. Offsets are at least 8 hex digits.
 */
struct hexdump {
	u8 prev[16];
	bool have_prev;		/* prev holds the last line's bytes */
	bool starred;		/* a "*" stands for the lines since */
};

#define HEXDUMP_LINE_MAX	96	/* a line with a 16-digit offset, its \n and NUL */

void hexdump_init(struct hexdump *h);
/*
 * The text for the 16 bytes at @data, @offset bytes from the device's
 * start, with its newline, into @buf (HEXDUMP_LINE_MAX bytes): a line,
 * "*\n", or "" (nothing to print). Returns its length.
 */
size_t hexdump_line(struct hexdump *h, u64 offset, const u8 *data, char *buf, size_t size);
/* The closing line: @offset (after the last byte) and a newline. */
size_t hexdump_end(u64 offset, char *buf, size_t size);

/*
 * Differences between what was expected and what was found, whole
 * sectors at a time, over an operation done in pieces: the first byte
 * that differs and how many sectors hold at least one such byte.
 */
struct io_diff {
	u64 bad_sectors;
	bool found;		/* first/want/got are valid */
	u64 first;		/* byte offset on the device of the first difference */
	u8 want, got;
};

/*
 * Compare @len bytes (a multiple of 512) of @want and @got, which start
 * @pos bytes (a multiple of 512) from the device's start; add to @d.
 */
void io_diff_add(struct io_diff *d, u64 pos, const u8 *want, const u8 *got, size_t len);

/* dd's operands, in 512-byte sectors once io_dd_plan() has checked them. */
struct dd_args {
	const char *in, *out;	/* if= and of=, NULL when missing */
	u64 bs;			/* bytes: a nonzero multiple of 512 (default 512) */
	u64 count;		/* blocks of bs; see has_count */
	u64 skip, seek;		/* blocks of bs into if= and of= */
	bool has_count;		/* else: up to the end of if= */
};

/*
 * dd's words argv[1..argc): if=DEV of=DEV bs=SIZE count=N skip=N seek=N,
 * in any order, each at most once; bs is a size (k/M/G), the others
 * numbers of blocks (k/M/G allowed too, as GNU dd allows them). 0, or
 * -EINVAL with a sentence in @msg ("" when the usage line says it all:
 * a word that is no operand, if= or of= missing).
 */
int io_dd_parse(int argc, char *const argv[], struct dd_args *a, char *msg, size_t size);

/* What a dd copies, in 512-byte sectors. */
struct dd_plan {
	u64 src, dst;		/* first sector in if= and of= */
	u64 sectors;		/* to copy; 0 is allowed (count=0, or skip= at the end) */
	u64 full;		/* whole records of bs */
	bool partial;		/* a last, shorter record: the end of if= came first */
};

/*
 * Work out @a on devices of @in_cap and @out_cap sectors. 0; or -ERANGE
 * when a range runs past the end of if= (*@which_out false) or of=
 * (true), with shell_check_range()'s sentence in @msg.
 */
int io_dd_plan(const struct dd_args *a, u64 in_cap, u64 out_cap, struct dd_plan *p,
	       bool *which_out, char *msg, size_t size);

/*
 * A copy from @src to @dst (sectors of the same disk) of @len sectors
 * must go from the end backwards when the destination starts inside the
 * source: a forward copy would overwrite source sectors before reading
 * them. Otherwise forwards (a destination below the source may overlap:
 * it only overwrites what was read already).
 */
static inline bool io_copy_backward(u64 src, u64 dst, u64 len)
{
	return dst > src && dst - src < len;
}

/*
 * Where the next piece of @n sectors goes when @done of @total are done,
 * as an offset from the start of the range: from the front, or for a
 * backward copy from the back.
 */
static inline u64 io_chunk_offset(u64 total, u64 done, u64 n, bool backward)
{
	return backward ? total - done - n : done;
}

#endif
