/*
 * check.h - partition table parsing (Linux 2.6's fs/partitions/check.h and
 * the parsed_partitions part of check.c).
 *
 * Where it sits: when a disk is added, the block core (add_disk ->
 * rescan_partitions) fills a struct parsed_partitions with the disk's name,
 * size and a sector reader, and calls check_partition(). The parsers read
 * the disk through that callback only, so the same code runs in the kernel,
 * in the host tests (on image files) and under libFuzzer (on a buffer).
 *
 *   check.c   check_partition(), put_partition(), disk_name(), helpers
 *   efi.c     GPT: protective MBR, primary/backup header, entry array
 *   msdos.c   MBR: four primary entries, extended container, EBR chain
 *
 * Rules shared by all parsers (details in each file):
 *  - Nothing read from the disk is trusted: every field is range-checked
 *    before it is used as a sector number, a size or a loop bound.
 *  - A bad entry is skipped, never fatal: the parser says why with
 *    part_warn() ("sda: ...", counted in state->warnings) and goes on.
 *    The slot keeps its number, so later partitions keep their names.
 *  - A partition starting past the end of the disk, or overlapping one
 *    already accepted, is skipped. An MBR primary entry that only ends
 *    past the disk is clamped to the disk, as Linux does for tables
 *    written by broken firmware; logical and GPT partitions must fit
 *    inside their container (extended partition, GPT usable area).
 */
#ifndef _LANTERN_PARTITIONS_CHECK_H
#define _LANTERN_PARTITIONS_CHECK_H

#include "kernel.h"
#include "types.h"

#define DISK_MAX_PARTS	64		/* partition numbers 1..63 */
#define BDEVNAME_SIZE	32		/* "sda", "loop0p12" + NUL */

/* parts[].flags; the first two have Linux's values (include/linux/genhd.h). */
#define ADDPART_FLAG_NONE	0
#define ADDPART_FLAG_RAID	1	/* GPT Linux RAID type: md may autodetect */
#define ADDPART_FLAG_WHOLEDISK	2
#define ADDPART_FLAG_EXTENDED	4	/* MBR extended container (a 2-sector stub) */

/* The GPT entry array is read only when it is at most this big. */
#define GPT_MAX_ARRAY_BYTES	(128 * 1024)

/* Parsers always work in 512-byte sectors (read_sector's unit). */
#define PART_SECTOR_SIZE	512

struct parsed_partitions {
	char name[BDEVNAME_SIZE];	/* the disk, for messages: "sda", "hdb" */
	sector_t capacity;		/* disk size in 512-byte sectors */
	/*
	 * Read one 512-byte sector into @buf; 0 or -errno. Supplied by the
	 * caller; called only for sectors below @capacity, in process
	 * context, and may sleep.
	 */
	int (*read_sector)(void *ctx, sector_t sector, void *buf);
	void *ctx;
	struct {
		sector_t from, size;	/* 512-byte sectors; size 0 = slot unused */
		int flags;		/* ADDPART_FLAG_* */
		u8 sys_ind;		/* MBR type byte (0 for GPT) */
		u8 type_guid[16];	/* GPT only, as stored on disk */
		char label[40];		/* GPT name, ASCII-folded, NUL-terminated */
	} parts[DISK_MAX_PARTS];	/* index = partition number; [0] unused */
	int limit;			/* DISK_MAX_PARTS */
	int next;			/* next logical number (msdos: from 5) */
	char pp_buf[256];		/* " sda1 sda2 < sda5 sda6 >" (log line after "sda:") */
	const char *table;		/* "msdos", "gpt", or NULL */
	int warnings;			/* part_warn() calls: bad entries and headers */
};

/*
 * check_partition - find and parse the partition table of a disk.
 * The caller fills name, capacity, read_sector and ctx; everything else
 * is (re)initialised here, so a state can be reused for a rescan.
 *
 * Tries GPT first (a protective MBR, type 0xEE, means GPT), then msdos.
 * Returns 1 if a table was found (state->table names it, parts[] holds
 * the partitions, pp_buf the names), 0 if the disk has none (including a
 * protective MBR whose GPT headers are both invalid: see efi.c), or
 * -errno if reading failed before any table could be recognised (sector 0
 * unreadable, or a GPT header unreadable and the other one unusable too).
 * A read error further in
 * (an EBR in the middle of the chain) only ends that part of the scan:
 * the partitions found so far are kept and 1 is returned, as in Linux.
 * Prints one info line "sda: sda1 sda2 < sda5 sda6 >" (or "sda: unknown
 * partition table"), plus one warning per problem.
 *
 * Process context; may sleep in read_sector. Uses under 3 KiB of stack
 * and allocates nothing. Not reentrant on one state.
 */
int check_partition(struct parsed_partitions *state);

/*
 * put_partition - record partition @n (1..limit-1) at @from, @size sectors,
 * and append its name to pp_buf. Out-of-range @n is ignored (as in Linux).
 * flags, sys_ind, type_guid and label are reset; the caller sets them.
 */
void put_partition(struct parsed_partitions *p, int n, sector_t from,
		   sector_t size);

/*
 * disk_name - the name of partition @partno of @disk into @buf
 * (BDEVNAME_SIZE bytes): "sda" + 1 -> "sda1", "loop0" + 1 -> "loop0p1"
 * (a 'p' when the disk name ends in a digit), partno 0 -> the disk.
 * Returns @buf.
 */
char *disk_name(const char *disk, int partno, char *buf);

/* ---- for the parsers (efi.c, msdos.c) ---- */

/* Each parser: 1 = table found and parsed, 0 = not this kind, -errno. */
int efi_partition(struct parsed_partitions *state);
int msdos_partition(struct parsed_partitions *state);

/*
 * Read sector @sector into @buf (512 bytes). Sectors at or past the
 * capacity are refused with -ENXIO without calling read_sector; a failed
 * read is reported ("sda: unable to read sector N (error -5)") and
 * returned as -errno (a positive value from read_sector becomes -EIO).
 */
int part_read(struct parsed_partitions *state, sector_t sector, void *buf);

/* "NAME: message" at KERN_WARNING (no newline needed); counts a warning. */
__printf(2, 3) void part_warn(struct parsed_partitions *state,
			      const char *fmt, ...);

/* Append formatted text to pp_buf; a full buffer ends in "..." instead. */
__printf(2, 3) void pp_append(struct parsed_partitions *state,
			      const char *fmt, ...);

/*
 * Is [from, from + size) overlapping a partition recorded in parts[1..]?
 * Extended containers (their 2-sector stubs) are not counted. Returns the
 * first such partition number, or 0.
 */
int part_overlaps(struct parsed_partitions *state, sector_t from,
		  sector_t size);

/* Do [a, a + alen) and [b, b + blen) share a sector? (No wrap: both < 2^63.) */
static inline bool sectors_overlap(sector_t a, sector_t alen, sector_t b,
				   sector_t blen)
{
	return a < b + blen && b < a + alen;
}

/* For "%llu": u64 is unsigned long on x86-64 hosts, long long on i686. */
static inline unsigned long long llu(u64 v)
{
	return v;
}

/* Little-endian fields of on-disk structures, read byte by byte. */
static inline u16 get_le16(const void *p)
{
	const u8 *b = p;

	return (u16)(b[0] | b[1] << 8);
}

static inline u32 get_le32(const void *p)
{
	const u8 *b = p;

	return (u32)b[0] | (u32)b[1] << 8 | (u32)b[2] << 16 | (u32)b[3] << 24;
}

static inline u64 get_le64(const void *p)
{
	const u8 *b = p;

	return (u64)get_le32(b) | (u64)get_le32(b + 4) << 32;
}

#endif
