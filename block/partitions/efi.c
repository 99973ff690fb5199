/*
 * efi.c - GUID Partition Table parsing (Linux 2.6's fs/partitions/efi.c;
 * format in efi.h, UEFI spec section 5.3).
 *
 * Called first by check_partition(). A disk is GPT when sector 0 is an MBR
 * (0x55AA) with an entry of type 0xEE, the protective MBR. Then:
 *
 *  1. The primary header at LBA 1 is validated (gpt_read_header): the
 *     signature, revision 1.x, header size 92..512, header CRC, my_lba,
 *     the usable area inside the disk, the entry size (128 << n, at most
 *     4 KiB), the array size (at most GPT_MAX_ARRAY_BYTES), the array's
 *     place (inside the disk, outside the usable area) and the array CRC.
 *  2. If the primary is bad, the backup header at the last sector of the
 *     disk is validated the same way (its my_lba must be that sector), and
 *     a warning says the backup is in use. The primary's alternate_lba is
 *     not followed then: it comes from the header just found corrupt.
 *  3. If the primary is good, the backup it points to is checked too, and
 *     a bad or disagreeing backup is reported (the primary is still used).
 *  4. If both are bad there is no GPT; msdos_partition() then refuses the
 *     protective MBR too (as in Linux), so the disk has no table.
 *
 * The entry array is never loaded whole: it is read a sector at a time,
 * once for its CRC and once to parse it, so a 16 KiB array costs no
 * allocation. Entry i (from 0) becomes partition i + 1; an all-zero type
 * GUID is an unused entry; entries ending before they start, reaching
 * outside the usable area or overlapping an earlier entry are skipped
 * with a warning; used entries past partition 63 are ignored with one.
 */
#include "kernel.h"
#include "string.h"
#include "crc32.h"
#include "check.h"
#include "efi.h"

#define MBR_SIGNATURE_OFFSET	510
#define MBR_PART_TABLE_OFFSET	0x1be
#define MBR_SYS_IND_OFFSET	4	/* within a 16-byte MBR entry */

/* Linux RAID, A19D880F-05FC-4D3B-A006-743F0F84911E, as stored on disk. */
static const u8 gpt_linux_raid_guid[16] = {
	0x0f, 0x88, 0x9d, 0xa1, 0xfc, 0x05, 0x3b, 0x4d,
	0xa0, 0x06, 0x74, 0x3f, 0x0f, 0x84, 0x91, 0x1e,
};

/* A validated header, in host byte order. */
struct gpt_info {
	sector_t my_lba;
	sector_t alternate_lba;
	sector_t first_usable;
	sector_t last_usable;		/* inclusive */
	sector_t entry_lba;
	u32 num_entries;
	u32 entry_size;
	u32 array_crc;
};

#define GPT_FIELD(buf, field)	((buf) + offsetof(struct gpt_header, field))

static bool is_pmbr_valid(const u8 *mbr)
{
	if (mbr[MBR_SIGNATURE_OFFSET] != 0x55 ||
	    mbr[MBR_SIGNATURE_OFFSET + 1] != 0xaa)
		return false;
	for (int i = 0; i < 4; i++)
		if (mbr[MBR_PART_TABLE_OFFSET + 16 * i + MBR_SYS_IND_OFFSET] ==
		    EFI_PMBR_OSTYPE_EFI_GPT)
			return true;
	return false;
}

/* Sectors occupied by the entry array (its size is already bounded). */
static sector_t gpt_array_sectors(const struct gpt_info *g)
{
	return DIV_ROUND_UP((u64)g->num_entries * g->entry_size,
			    PART_SECTOR_SIZE);
}

/* CRC-32 of the entry array into *crc; 0 or -errno. */
static int gpt_array_crc(struct parsed_partitions *state,
			 const struct gpt_info *g, u32 *crc)
{
	u64 left = (u64)g->num_entries * g->entry_size;
	u8 buf[PART_SECTOR_SIZE];
	u32 c = ~0U;

	for (sector_t s = g->entry_lba; left; s++) {
		size_t n = min_t(u64, left, PART_SECTOR_SIZE);
		int err = part_read(state, s, buf);

		if (err)
			return err;
		c = crc32_le(c, buf, n);
		left -= n;
	}
	*crc = c ^ ~0U;
	return 0;
}

#define gpt_bad(state, which, lba, fmt, ...)				\
	(part_warn(state, "%s GPT header at LBA %llu: " fmt, which,	\
		   llu(lba), ##__VA_ARGS__), 0)

/* The checks that need no further read; 1 valid, 0 not (warned). */
static int gpt_check_fields(struct parsed_partitions *state, u8 *buf,
			    sector_t lba, const char *which,
			    struct gpt_info *g)
{
	u32 revision = get_le32(GPT_FIELD(buf, revision));
	u32 hsize = get_le32(GPT_FIELD(buf, header_size));
	u32 crc = get_le32(GPT_FIELD(buf, header_crc32));
	u32 computed;
	u64 bytes;

	if (memcmp(buf, GPT_HEADER_SIGNATURE, 8) != 0)
		return gpt_bad(state, which, lba, "no \"EFI PART\" signature");
	if (revision >> 16 != GPT_HEADER_REVISION_V1 >> 16)
		return gpt_bad(state, which, lba, "unsupported revision %#x",
			       revision);
	if (hsize < GPT_MIN_HEADER_SIZE || hsize > PART_SECTOR_SIZE)
		return gpt_bad(state, which, lba, "header size %u not in %d..%d",
			       hsize, GPT_MIN_HEADER_SIZE, PART_SECTOR_SIZE);
	/* The CRC covers the header with its own CRC field taken as zero. */
	memset(GPT_FIELD(buf, header_crc32), 0, 4);
	computed = crc32_ieee(buf, hsize);
	if (computed != crc)
		return gpt_bad(state, which, lba,
			       "header CRC %#010x, computed %#010x", crc, computed);

	g->my_lba = get_le64(GPT_FIELD(buf, my_lba));
	g->alternate_lba = get_le64(GPT_FIELD(buf, alternate_lba));
	g->first_usable = get_le64(GPT_FIELD(buf, first_usable_lba));
	g->last_usable = get_le64(GPT_FIELD(buf, last_usable_lba));
	g->entry_lba = get_le64(GPT_FIELD(buf, partition_entry_lba));
	g->num_entries = get_le32(GPT_FIELD(buf, num_partition_entries));
	g->entry_size = get_le32(GPT_FIELD(buf, sizeof_partition_entry));
	g->array_crc = get_le32(GPT_FIELD(buf, partition_entry_array_crc32));

	if (g->my_lba != lba)
		return gpt_bad(state, which, lba, "my_lba is %llu",
			       llu(g->my_lba));
	if (g->first_usable > g->last_usable ||
	    g->last_usable >= state->capacity || g->first_usable == 0 ||
	    (lba >= g->first_usable && lba <= g->last_usable))
		return gpt_bad(state, which, lba,
			       "usable area %llu..%llu does not fit the disk (%llu sectors)",
			       llu(g->first_usable), llu(g->last_usable),
			       llu(state->capacity));
	if (g->entry_size < GPT_ENTRY_MIN_SIZE ||
	    g->entry_size > GPT_ENTRY_MAX_SIZE || !is_power_of_2(g->entry_size))
		return gpt_bad(state, which, lba,
			       "entry size %u is not 128 << n (at most %d)",
			       g->entry_size, GPT_ENTRY_MAX_SIZE);
	bytes = (u64)g->num_entries * g->entry_size;
	if (bytes > GPT_MAX_ARRAY_BYTES)
		return gpt_bad(state, which, lba,
			       "%u entries of %u bytes: array larger than %d bytes",
			       g->num_entries, g->entry_size, GPT_MAX_ARRAY_BYTES);
	if (bytes && (g->entry_lba == 0 || g->entry_lba >= state->capacity ||
		      gpt_array_sectors(g) > state->capacity - g->entry_lba ||
		      sectors_overlap(g->entry_lba, gpt_array_sectors(g),
				      g->first_usable,
				      g->last_usable - g->first_usable + 1) ||
		      sectors_overlap(g->entry_lba, gpt_array_sectors(g), lba, 1)))
		return gpt_bad(state, which, lba,
			       "entry array at %llu (%llu sectors) is not outside the usable area and inside the disk",
			       llu(g->entry_lba), llu(gpt_array_sectors(g)));
	return 1;
}

/*
 * Read and validate the header at @lba; @which ("primary", "backup") is for
 * messages. Returns 1 and fills *g if it is valid, 0 if not (warned), or
 * -errno if the header or its array could not be read.
 */
static int gpt_read_header(struct parsed_partitions *state, sector_t lba,
			   const char *which, struct gpt_info *g)
{
	u8 buf[PART_SECTOR_SIZE];
	u32 crc;
	int err;

	if (lba >= state->capacity)
		return gpt_bad(state, which, lba,
			       "past the end of the disk (%llu sectors)",
			       llu(state->capacity));
	err = part_read(state, lba, buf);
	if (err)
		return err;
	if (!gpt_check_fields(state, buf, lba, which, g))
		return 0;
	err = gpt_array_crc(state, g, &crc);
	if (err)
		return err;
	if (crc != g->array_crc)
		return gpt_bad(state, which, lba,
			       "entry array CRC %#010x, computed %#010x",
			       g->array_crc, crc);
	return 1;
}

/*
 * The primary is good: say if its backup is missing, misplaced or
 * disagrees (Linux's compare_gpts). Only warns; the primary is used.
 */
static void gpt_check_backup(struct parsed_partitions *state,
			     const struct gpt_info *pri)
{
	sector_t last = state->capacity - 1;
	struct gpt_info alt;

	if (pri->alternate_lba != last)
		part_warn(state, "primary GPT header says the backup is at LBA %llu, not at the end of the disk (LBA %llu)",
			  llu(pri->alternate_lba), llu(last));
	if (pri->alternate_lba >= state->capacity ||
	    pri->alternate_lba == GPT_PRIMARY_PARTITION_TABLE_LBA)
		return;
	if (gpt_read_header(state, pri->alternate_lba, "backup", &alt) <= 0) {
		part_warn(state, "backup GPT is unusable; using the primary");
		return;
	}
	if (alt.first_usable != pri->first_usable ||
	    alt.last_usable != pri->last_usable ||
	    alt.num_entries != pri->num_entries ||
	    alt.entry_size != pri->entry_size ||
	    alt.array_crc != pri->array_crc ||
	    alt.alternate_lba != pri->my_lba)
		part_warn(state, "primary and backup GPT headers disagree; using the primary");
}

/* The UTF-16LE name folded to printable ASCII ('?' for anything else). */
static void gpt_label(const u8 *e, char *label, size_t size)
{
	size_t i;

	for (i = 0; i < GPT_ENTRY_NAME_LEN && i + 1 < size; i++) {
		u16 c = get_le16(e + offsetof(struct gpt_entry, partition_name) + 2 * i);

		if (!c)
			break;
		label[i] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	label[i] = '\0';
}

/* Record entry @idx (a used one) as partition idx + 1, if it is sane. */
static void gpt_add_entry(struct parsed_partitions *state,
			  const struct gpt_info *g, u32 idx, const u8 *e)
{
	sector_t start = get_le64(e + offsetof(struct gpt_entry, starting_lba));
	sector_t end = get_le64(e + offsetof(struct gpt_entry, ending_lba));
	int n = (int)idx + 1, other;

	if (end < start) {
		part_warn(state, "GPT entry %d (LBA %llu..%llu) ends before it starts, skipped",
			  n, llu(start), llu(end));
		return;
	}
	if (start < g->first_usable || end > g->last_usable) {
		part_warn(state, "GPT entry %d (LBA %llu..%llu) is outside the usable area %llu..%llu, skipped",
			  n, llu(start), llu(end), llu(g->first_usable),
			  llu(g->last_usable));
		return;
	}
	other = part_overlaps(state, start, end - start + 1);
	if (other) {
		part_warn(state, "GPT entry %d (LBA %llu..%llu) overlaps partition %d, skipped",
			  n, llu(start), llu(end), other);
		return;
	}
	put_partition(state, n, start, end - start + 1);
	memcpy(state->parts[n].type_guid, e, 16);
	if (memcmp(e, gpt_linux_raid_guid, 16) == 0)
		state->parts[n].flags |= ADDPART_FLAG_RAID;
	gpt_label(e, state->parts[n].label, sizeof(state->parts[n].label));
}

static const u8 gpt_unused_guid[16];

static void gpt_parse_entries(struct parsed_partitions *state,
			      const struct gpt_info *g)
{
	u8 buf[PART_SECTOR_SIZE];
	sector_t loaded = 0;		/* 0: nothing (the array is never at 0) */
	u32 ignored = 0;

	for (u32 i = 0; i < g->num_entries; i++) {
		u64 off = (u64)i * g->entry_size;
		sector_t s = g->entry_lba + off / PART_SECTOR_SIZE;
		/* 128 << n bytes: an entry's first 128 never straddle sectors. */
		const u8 *e = buf + off % PART_SECTOR_SIZE;

		if (s != loaded) {
			if (part_read(state, s, buf))
				return;	/* keep what we have, as for EBRs */
			loaded = s;
		}
		if (memcmp(e, gpt_unused_guid, 16) == 0)
			continue;
		if ((int)i + 1 >= state->limit) {
			ignored++;
			continue;
		}
		gpt_add_entry(state, g, i, e);
	}
	if (ignored)
		part_warn(state, "%u used GPT entries past partition %d ignored",
			  ignored, state->limit - 1);
}

/* 1 if sector 0 is a protective MBR, 0 if not, -errno. */
static int gpt_probe_pmbr(struct parsed_partitions *state)
{
	u8 mbr[PART_SECTOR_SIZE];
	int err = part_read(state, 0, mbr);

	if (err)
		return err;
	return is_pmbr_valid(mbr);
}

int efi_partition(struct parsed_partitions *state)
{
	sector_t last = state->capacity - 1;
	struct gpt_info g;
	int res, err;

	res = gpt_probe_pmbr(state);
	if (res <= 0)
		return res;

	res = gpt_read_header(state, GPT_PRIMARY_PARTITION_TABLE_LBA,
			      "primary", &g);
	if (res > 0) {
		gpt_check_backup(state, &g);
	} else {
		err = res;
		res = 0;
		if (last > GPT_PRIMARY_PARTITION_TABLE_LBA)
			res = gpt_read_header(state, last, "backup", &g);
		if (res > 0)
			part_warn(state, "primary GPT header is invalid; using the backup at LBA %llu",
				  llu(last));
		else if (res == 0)
			res = err;
	}
	if (res <= 0) {
		part_warn(state, "protective MBR but no valid GPT header");
		return res;
	}
	gpt_parse_entries(state, &g);
	return 1;
}
