/*
 * fuzz_partitions.c - libFuzzer entry point for block/partitions/: the
 * input is a disk image, and check_partition() must survive it and leave
 * a sane result.
 *
 * The disk is the input's whole 512-byte sectors (capacity = size / 512);
 * reading at or past the capacity aborts, because check_partition()
 * promises never to ask. Leftover bytes after the last whole sector are
 * not disk data but flags, so the fuzzer can reach code behind the CRCs:
 *   the last byte, bit 0: recompute the CRCs of the GPT header at LBA 1
 *                         (and of its entry array) before the scan
 *                  bit 1: the same for the header in the last sector
 *                  bit 2: name the disk "loop0" (partitions "loop0p1")
 *                  bit 3: reads of sector N fail with -EIO, N being the
 *                         byte before the last one (0..255)
 *
 * After the scan, the invariants every caller relies on are checked and
 * a violation aborts (a crash for libFuzzer, a FAIL for the replay):
 * result 0, 1 or -EIO with a matching table name, every partition inside the
 * disk and past sector 0, no two data partitions overlapping, extended
 * stubs of at most 2 sectors, strings terminated.
 *
 * Built twice: with clang -fsanitize=fuzzer for fuzzing (make -C
 * tests/fuzz fuzz) and with gcc + ASan/UBSan under replay.c for the
 * corpus replay of `make test`.
 */
#include <stdio.h>
#include <stdlib.h>
#include "kernel.h"
#include "string.h"
#include "crc32.h"
#include "../../block/partitions/check.h"

#define SECTOR	512

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct fuzz_disk {
	const u8 *data;
	sector_t sectors;
	long bad_sector;		/* -1: none */
};

static void fuzz_die(const char *what, unsigned long long a)
{
	fprintf(stderr, "fuzz_partitions: %s (%llu)\n", what, a);
	abort();
}

static int fuzz_read(void *ctx, sector_t s, void *buf)
{
	struct fuzz_disk *d = ctx;

	if (s >= d->sectors)
		fuzz_die("read past the capacity", s);
	if ((long)s == d->bad_sector)
		return -EIO;
	memcpy(buf, d->data + s * SECTOR, SECTOR);
	return 0;
}

static void put32(u8 *p, u32 v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (u8)(v >> (8 * i));
}

/* Make the GPT header at @lba (if it looks like one) pass its CRC checks. */
static void fuzz_fix_gpt(u8 *img, sector_t sectors, sector_t lba)
{
	u8 *h = img + lba * SECTOR;
	u32 hsize;
	u64 array, bytes;

	if (lba >= sectors || memcmp(h, "EFI PART", 8) != 0)
		return;
	array = get_le64(h + 72);
	bytes = (u64)get_le32(h + 80) * get_le32(h + 84);
	if (array < sectors && bytes <= GPT_MAX_ARRAY_BYTES &&
	    bytes <= (sectors - array) * SECTOR)
		put32(h + 88, crc32_ieee(img + array * SECTOR, bytes));
	hsize = get_le32(h + 12);
	if (hsize >= 92 && hsize <= SECTOR) {
		put32(h + 16, 0);
		put32(h + 16, crc32_ieee(h, hsize));
	}
}

static void fuzz_check_result(const struct parsed_partitions *st, int res)
{
	if (res != 0 && res != 1 && res != -EIO)
		fuzz_die("result not 0, 1 or -EIO", (unsigned long long)res);
	if ((res == 1) != (st->table != NULL))
		fuzz_die("table name does not match the result", res);
	if (st->table && strcmp(st->table, "msdos") && strcmp(st->table, "gpt"))
		fuzz_die("unknown table name", 0);
	if (strnlen(st->pp_buf, sizeof(st->pp_buf)) == sizeof(st->pp_buf))
		fuzz_die("pp_buf not terminated", 0);
	if (st->parts[0].size)
		fuzz_die("partition 0 used", 0);
	for (int n = 1; n < DISK_MAX_PARTS; n++) {
		sector_t from = st->parts[n].from, size = st->parts[n].size;

		if (!size)
			continue;
		if (!res)
			fuzz_die("partition recorded without a table", n);
		if (from == 0 || from >= st->capacity ||
		    size > st->capacity - from)
			fuzz_die("partition outside the disk", n);
		if (strnlen(st->parts[n].label, sizeof(st->parts[n].label)) ==
		    sizeof(st->parts[n].label))
			fuzz_die("label not terminated", n);
		if (st->parts[n].flags & ADDPART_FLAG_EXTENDED) {
			if (size > 2)
				fuzz_die("extended stub larger than 2", n);
			continue;
		}
		for (int m = 1; m < n; m++)
			if (st->parts[m].size &&
			    !(st->parts[m].flags & ADDPART_FLAG_EXTENDED) &&
			    sectors_overlap(from, size, st->parts[m].from,
					    st->parts[m].size))
				fuzz_die("partitions overlap", n);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct parsed_partitions st;
	sector_t sectors = size / SECTOR;
	u8 flags = size % SECTOR ? data[size - 1] : 0;
	struct fuzz_disk disk;
	u8 *img = malloc(sectors * SECTOR + 1);
	int res;

	if (!img)
		abort();
	memcpy(img, data, sectors * SECTOR);
	if (flags & 1)
		fuzz_fix_gpt(img, sectors, 1);
	if ((flags & 2) && sectors)
		fuzz_fix_gpt(img, sectors, sectors - 1);
	disk.data = img;
	disk.sectors = sectors;
	disk.bad_sector = (flags & 8) && size % SECTOR >= 2 ?
			  data[size - 2] : -1;

	memset(&st, 0xa5, sizeof(st));
	strscpy(st.name, flags & 4 ? "loop0" : "sda", sizeof(st.name));
	st.capacity = sectors;
	st.read_sector = fuzz_read;
	st.ctx = &disk;
	res = check_partition(&st);
	fuzz_check_result(&st, res);
	free(img);
	return 0;
}
