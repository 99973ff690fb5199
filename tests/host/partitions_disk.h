/*
 * partitions_disk.h - disks for the partition-parser tests
 * (test_partitions.c, test_partitions_edge.c): image files read with
 * pread, and in-memory disks with builders for MBR/EBR and GPT tables.
 * Static helpers in a header: each test file is its own binary.
 */
#ifndef _LANTERN_PARTITIONS_DISK_H
#define _LANTERN_PARTITIONS_DISK_H

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/stat.h>
#include "harness.h"
#include "kernel.h"
#include "console.h"
#include "crc32.h"
#include "../../block/partitions/check.h"
#include "../../block/partitions/efi.h"

#define SECTOR	512

/* ---- the log: what a scan printed ---- */

static char log_text[LOG_BUF_LEN + 1];

static const char *log_since(unsigned long from)
{
	unsigned long pos = from;
	size_t n = log_buf_read(&pos, log_text, LOG_BUF_LEN, false);

	log_text[n] = '\0';
	return log_text;
}

#define CHECK_LOG(from, text) do {					\
	const char *__log = log_since(from);				\
	if (!strstr(__log, text))					\
		harness_fail(__FILE__, __LINE__,			\
			     "log lacks \"%s\"; it has:\n%s", text, __log); \
} while (0)

/* ---- in-memory disks ---- */

struct memdisk {
	u8 *data;
	sector_t sectors;
	int reads;
	sector_t fail_sector;		/* reads of it fail with -EIO; 0 = none */
};

static inline int memdisk_read(void *ctx, sector_t s, void *buf)
{
	struct memdisk *d = ctx;

	d->reads++;
	if (s >= d->sectors)
		return -EIO;	/* check_partition must never ask */
	if (d->fail_sector && s == d->fail_sector)
		return -EIO;
	memcpy(buf, d->data + s * SECTOR, SECTOR);
	return 0;
}

static inline struct memdisk *memdisk_new(sector_t sectors)
{
	struct memdisk *d = calloc(1, sizeof(*d));

	d->data = calloc(sectors, SECTOR);
	d->sectors = sectors;
	return d;
}

static inline void memdisk_free(struct memdisk *d)
{
	free(d->data);
	free(d);
}

static inline u8 *sec(struct memdisk *d, sector_t s)
{
	return d->data + s * SECTOR;
}

static inline void put_le16(u8 *p, u16 v) { p[0] = v; p[1] = v >> 8; }
static inline void put_le32(u8 *p, u32 v) { put_le16(p, v); put_le16(p + 2, v >> 16); }
static inline void put_le64(u8 *p, u64 v) { put_le32(p, v); put_le32(p + 4, v >> 32); }

/* Scan @d as "sda" into a fresh state; returns check_partition's value. */
static inline int scan(struct memdisk *d, struct parsed_partitions *st)
{
	memset(st, 0x5a, sizeof(*st));	/* check_partition must reset it */
	snprintf(st->name, sizeof(st->name), "sda");
	st->capacity = d->sectors;
	st->read_sector = memdisk_read;
	st->ctx = d;
	return check_partition(st);
}

/* ---- MBR and EBR ---- */

static inline void mbr_set(u8 *s, int i, u8 boot, u8 type, u32 start, u32 size)
{
	u8 *e = s + 0x1be + 16 * i;

	memset(e, 0, 16);
	e[0] = boot;
	e[4] = type;
	put_le32(e + 8, start);
	put_le32(e + 12, size);
	s[510] = 0x55;
	s[511] = 0xaa;
}

/*
 * An EBR at @ebr: logical at @ebr + @rel (@size sectors, 0 = none), link
 * to the EBR at container start + @next_rel (@next_size 0 = end).
 */
static inline void ebr_set(struct memdisk *d, sector_t ebr, u32 rel, u32 size,
		    u32 next_rel, u32 next_size)
{
	memset(sec(d, ebr), 0, SECTOR);
	mbr_set(sec(d, ebr), 0, 0, size ? 0x83 : 0, size ? rel : 0, size);
	mbr_set(sec(d, ebr), 1, 0, next_size ? 0x05 : 0, next_size ? next_rel : 0,
		next_size);
}

/* ---- GPT ---- */

struct gpt_layout {
	u32 entries, esize;
	sector_t first, last;		/* usable, inclusive */
	sector_t array_sectors;
};

/* A test may have broken the fields on purpose: stay inside the disk. */
static inline void gpt_seal_one(struct memdisk *d, sector_t lba)
{
	u8 *h = sec(d, lba);
	sector_t array = get_le64(h + 72);
	u64 bytes = (u64)get_le32(h + 80) * get_le32(h + 84);

	if (array < d->sectors && bytes <= (d->sectors - array) * SECTOR)
		put_le32(h + 88, crc32_ieee(sec(d, array), bytes));
	put_le32(h + 16, 0);
	put_le32(h + 16, crc32_ieee(h, min(get_le32(h + 12), (u32)SECTOR)));
}

/* Recompute both headers' CRCs after editing them or their arrays. */
static inline void gpt_seal(struct memdisk *d)
{
	gpt_seal_one(d, 1);
	gpt_seal_one(d, d->sectors - 1);
}

static inline void gpt_header_set(struct memdisk *d, const struct gpt_layout *l,
			   sector_t my, sector_t alt, sector_t array)
{
	u8 *h = sec(d, my);

	memset(h, 0, SECTOR);
	memcpy(h, GPT_HEADER_SIGNATURE, 8);
	put_le32(h + 8, GPT_HEADER_REVISION_V1);
	put_le32(h + 12, GPT_MIN_HEADER_SIZE);
	put_le64(h + 24, my);
	put_le64(h + 32, alt);
	put_le64(h + 40, l->first);
	put_le64(h + 48, l->last);
	memset(h + 56, 0x42, 16);
	put_le64(h + 72, array);
	put_le32(h + 80, l->entries);
	put_le32(h + 84, l->esize);
}

/* A protective MBR and empty primary + backup GPTs; sealed. */
static inline struct gpt_layout gpt_build(struct memdisk *d, u32 entries, u32 esize)
{
	struct gpt_layout l = { .entries = entries, .esize = esize };
	sector_t last = d->sectors - 1;

	l.array_sectors = DIV_ROUND_UP((u64)entries * esize, SECTOR);
	l.first = 2 + l.array_sectors;
	l.last = last - 1 - l.array_sectors;
	mbr_set(sec(d, 0), 0, 0, EFI_PMBR_OSTYPE_EFI_GPT, 1,
		(u32)min_t(u64, last, 0xffffffffU));
	gpt_header_set(d, &l, 1, last, 2);
	gpt_header_set(d, &l, last, 1, last - l.array_sectors);
	gpt_seal(d);
	return l;
}

/* Entry @idx in both arrays (not sealed): a Linux-data type, @name. */
static inline void gpt_entry_set(struct memdisk *d, const struct gpt_layout *l,
			  u32 idx, u64 start, u64 end, const char *name)
{
	sector_t arrays[2] = { 2, d->sectors - 1 - l->array_sectors };

	for (int a = 0; a < 2; a++) {
		u8 *e = sec(d, arrays[a]) + (u64)idx * l->esize;

		memset(e, 0, GPT_ENTRY_MIN_SIZE);
		e[0] = 0xaf;		/* 0FC63DAF-...: Linux filesystem data */
		e[1] = 0x3d;
		e[2] = 0xc6;
		e[3] = 0x0f;
		e[4] = idx + 1;		/* unique enough for a test */
		put_le64(e + 32, start);
		put_le64(e + 40, end);
		for (int i = 0; name && name[i] && i < GPT_ENTRY_NAME_LEN; i++)
			put_le16(e + 56 + 2 * i, (u8)name[i]);
	}
}

#endif
