/*
 * test_partitions.c - block/partitions on disk images written by the real
 * tools and on hand-corrupted copies of them (tests/images/make-images.sh,
 * run by tests/host/Makefile into IMAGES_DIR).
 *
 * The good images are compared entry by entry with what `sfdisk --json`
 * reads from them (NAME.expected); the corrupted ones with the result the
 * rules of block/partitions/check.h promise, including the warning that
 * names the disk and the problem. The rules themselves, on tables built
 * in memory, are in test_partitions_edge.c.
 */
#include "partitions_disk.h"

#ifndef IMAGES_DIR
#define IMAGES_DIR "build/images"
#endif

/* ---- image files ---- */

struct image {
	int fd;
	sector_t sectors;		/* whole sectors in the file */
};

static int image_read(void *ctx, sector_t s, void *buf)
{
	struct image *img = ctx;
	ssize_t n = pread(img->fd, buf, SECTOR, (off_t)(s * SECTOR));

	return n == SECTOR ? 0 : -EIO;	/* a short read is a device error */
}

/*
 * Scan IMAGES_DIR/@name.img as "sda" with @capacity sectors (0: the file's
 * size, which may then end mid-sector). Returns check_partition's value,
 * or -1000 (a test failure) if the image is missing.
 */
static int scan_image(const char *name, sector_t capacity,
		      struct parsed_partitions *st)
{
	char path[512];
	struct image img;
	struct stat sb;
	int res;

	snprintf(path, sizeof(path), "%s/%s.img", IMAGES_DIR, name);
	img.fd = open(path, O_RDONLY);
	if (img.fd < 0 || fstat(img.fd, &sb) != 0) {
		harness_fail(__FILE__, __LINE__,
			     "no image %s (tests/images/make-images.sh failed? run scripts/deps)",
			     path);
		if (img.fd >= 0)
			close(img.fd);
		return -1000;
	}
	img.sectors = (sector_t)sb.st_size / SECTOR;
	memset(st, 0x5a, sizeof(*st));
	snprintf(st->name, sizeof(st->name), "sda");
	st->capacity = capacity ? capacity : img.sectors;
	st->read_sector = image_read;
	st->ctx = &img;
	res = check_partition(st);
	close(img.fd);
	return res;
}

/* "C12A7328-F81F-11D2-BA4B-00A0C93EC93B" from the on-disk byte order. */
static void guid_str(const u8 *g, char *out, size_t size)
{
	snprintf(out, size,
		 "%02X%02X%02X%02X-%02X%02X-%02X%02X-%02X%02X-%02X%02X%02X%02X%02X%02X",
		 g[3], g[2], g[1], g[0], g[5], g[4], g[7], g[6], g[8], g[9],
		 g[10], g[11], g[12], g[13], g[14], g[15]);
}

static bool is_extended_type(unsigned int t)
{
	return t == 0x05 || t == 0x0f || t == 0x85;
}

/*
 * Compare @st with IMAGES_DIR/@expected.expected (sfdisk's view): same
 * table kind, every partition at the same start and size (an extended
 * container as its 2-sector stub), the same type, GPT names; and no
 * partition that sfdisk does not list.
 */
static void check_like_sfdisk(const struct parsed_partitions *st,
			      const char *expected)
{
	char path[512], line[256], label[16] = "", type[64];
	bool listed[DISK_MAX_PARTS] = { false };
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.expected", IMAGES_DIR, expected);
	f = fopen(path, "r");
	if (!f) {
		harness_fail(__FILE__, __LINE__, "no %s", path);
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		unsigned long long start, size;
		int n, used = 0;

		line[strcspn(line, "\n")] = '\0';
		if (sscanf(line, "label %15s", label) == 1)
			continue;
		if (sscanf(line, "part %d %llu %llu %63s %n", &n, &start, &size,
			   type, &used) < 4 || n < 1 || n >= DISK_MAX_PARTS) {
			harness_fail(__FILE__, __LINE__, "bad line in %s: %s",
				     path, line);
			continue;
		}
		listed[n] = true;
		if (!strcmp(label, "gpt")) {
			char g[40];

			guid_str(st->parts[n].type_guid, g, sizeof(g));
			CHECK_STREQ(g, type);
			CHECK_STREQ(st->parts[n].label, used ? line + used : "");
			CHECK_EQ(st->parts[n].sys_ind, 0);
		} else {
			unsigned int t = (unsigned int)strtoul(type, NULL, 16);

			CHECK_EQ(st->parts[n].sys_ind, t);
			if (is_extended_type(t)) {
				CHECK(st->parts[n].flags & ADDPART_FLAG_EXTENDED);
				size = min(size, 2ULL);
			}
		}
		CHECK_EQ(st->parts[n].from, start);
		CHECK_EQ(st->parts[n].size, size);
	}
	fclose(f);
	CHECK_STREQ(st->table, !strcmp(label, "dos") ? "msdos" : label);
	for (int n = 1; n < DISK_MAX_PARTS; n++)
		if (!listed[n] && st->parts[n].size)
			harness_fail(__FILE__, __LINE__,
				     "partition %d (%llu+%llu) not listed by sfdisk",
				     n, (unsigned long long)st->parts[n].from,
				     (unsigned long long)st->parts[n].size);
}

static struct parsed_partitions st;

/* ---- good images: the same table as sfdisk reads ---- */

TEST(sfdisk_mbr_three_primaries_and_two_logicals)
{
	unsigned long log = log_buf_next();

	CHECK_EQ(scan_image("mbr-logical", 0, &st), 1);
	check_like_sfdisk(&st, "mbr-logical");
	CHECK_EQ(st.warnings, 0);
	CHECK_STREQ(st.pp_buf, " sda1 sda2 sda3 sda4 < sda5 sda6 >");
	CHECK_LOG(log, "sda: sda1 sda2 sda3 sda4 < sda5 sda6 >\n");
	CHECK_EQ(st.parts[7].size, 0);
}

TEST(sfdisk_mbr_two_primaries)
{
	CHECK_EQ(scan_image("mbr-plain", 0, &st), 1);
	check_like_sfdisk(&st, "mbr-plain");
	CHECK_EQ(st.warnings, 0);
	CHECK_STREQ(st.pp_buf, " sda1 sda2");
}

TEST(sfdisk_gpt_four_named_partitions)
{
	CHECK_EQ(scan_image("gpt4", 0, &st), 1);
	check_like_sfdisk(&st, "gpt4");
	CHECK_EQ(st.warnings, 0);
	CHECK_STREQ(st.pp_buf, " sda1 sda2 sda3 sda4");
	CHECK_EQ(st.parts[4].flags, ADDPART_FLAG_RAID);	/* type fd00 */
	CHECK_EQ(st.parts[2].flags, ADDPART_FLAG_NONE);
}

/* ---- corrupted MBRs ---- */

TEST(msdos_ebr_loop)
{
	unsigned long log = log_buf_next();

	CHECK_EQ(scan_image("mbr-ebr-loop", 0, &st), 1);
	check_like_sfdisk(&st, "mbr-logical");	/* the loop adds nothing */
	CHECK_LOG(log, "sda: EBR chain loops at sector 12288, stopping");
	CHECK_EQ(st.warnings, 1);
}

TEST(msdos_ebr_overlapping_logical_skipped)
{
	unsigned long log = log_buf_next();

	CHECK_EQ(scan_image("mbr-ebr-overlap", 0, &st), 1);
	CHECK_EQ(st.parts[5].from, 14336);
	CHECK_EQ(st.parts[5].size, 4096);
	CHECK_EQ(st.parts[6].size, 0);		/* over sda5: skipped */
	CHECK_EQ(st.parts[7].from, 20480);	/* the chain goes on, numbers kept */
	CHECK_EQ(st.parts[7].size, 8192);
	CHECK_LOG(log, "sda: sda6 (sectors 16384..20479) overlaps partition 5, skipped");
	CHECK_EQ(st.warnings, 1);
	CHECK_STREQ(st.pp_buf, " sda1 sda2 sda3 sda4 < sda5 sda7 >");
}

TEST(msdos_logical_past_container_skipped)
{
	unsigned long log = log_buf_next();

	CHECK_EQ(scan_image("mbr-logical-past-container", 0, &st), 1);
	CHECK_EQ(st.parts[5].size, 4096);
	CHECK_EQ(st.parts[6].size, 0);
	CHECK_LOG(log, "sda: sda6 (sectors 20480..28671) is not inside the extended partition (sectors 12288..28670)");
	CHECK_EQ(st.warnings, 1);
}

TEST(msdos_logical_past_disk_skipped)
{
	unsigned long log = log_buf_next();

	CHECK_EQ(scan_image("mbr-logical-past-disk", 0, &st), 1);
	CHECK_EQ(st.parts[5].size, 4096);
	CHECK_EQ(st.parts[6].size, 0);
	CHECK_LOG(log, "sda: sda6 (sectors 20480..61439) is not inside the extended partition");
	CHECK_EQ(st.warnings, 1);
}

TEST(msdos_primary_past_disk_clamped_or_skipped)
{
	unsigned long log = log_buf_next();

	CHECK_EQ(scan_image("mbr-primary-past-disk", 0, &st), 1);
	CHECK_EQ(st.parts[1].size, 6144);
	CHECK_EQ(st.parts[2].from, 8192);
	CHECK_EQ(st.parts[2].size, 16384 - 8192);	/* clamped to the disk */
	CHECK_EQ(st.parts[3].size, 0);			/* starts past it */
	CHECK_LOG(log, "sda: sda2 (MBR entry 2, sectors 8192..24575) ends past the end of the disk (16384 sectors); clamped");
	CHECK_LOG(log, "sda: sda3 (MBR entry 3) starts at sector 16394, past the end of the disk; skipped");
	CHECK_EQ(st.warnings, 2);
}

TEST(msdos_no_signature_is_no_table)
{
	unsigned long log = log_buf_next();

	CHECK_EQ(scan_image("mbr-no-signature", 0, &st), 0);
	CHECK(st.table == NULL);
	CHECK_STREQ(st.pp_buf, " unknown partition table");
	CHECK_LOG(log, "sda: unknown partition table");
	CHECK_EQ(st.warnings, 0);
	for (int n = 0; n < DISK_MAX_PARTS; n++)
		CHECK_EQ(st.parts[n].size, 0);
}

/* ---- corrupted GPTs ---- */

TEST(gpt_bad_primary_crc_uses_backup)
{
	unsigned long log = log_buf_next();

	CHECK_EQ(scan_image("gpt-bad-primary-crc", 0, &st), 1);
	check_like_sfdisk(&st, "gpt4");
	CHECK_LOG(log, "sda: primary GPT header at LBA 1: header CRC");
	CHECK_LOG(log, "sda: primary GPT header is invalid; using the backup at LBA 16383");
	CHECK_EQ(st.warnings, 2);
}

TEST(gpt_bad_primary_array_uses_backup)
{
	unsigned long log = log_buf_next();

	CHECK_EQ(scan_image("gpt-bad-primary-array", 0, &st), 1);
	check_like_sfdisk(&st, "gpt4");
	CHECK_LOG(log, "sda: primary GPT header at LBA 1: entry array CRC");
	CHECK_LOG(log, "using the backup at LBA 16383");
}

TEST(gpt_both_headers_bad_is_no_table)
{
	unsigned long log = log_buf_next();

	CHECK_EQ(scan_image("gpt-both-bad", 0, &st), 0);
	CHECK(st.table == NULL);
	CHECK_LOG(log, "sda: backup GPT header at LBA 16383: header CRC");
	CHECK_LOG(log, "sda: protective MBR but no valid GPT header");
	CHECK_LOG(log, "sda: protective MBR (type 0xee) without a valid GPT: not used as an MBR");
	CHECK_LOG(log, "sda: unknown partition table");
	CHECK_EQ(st.parts[1].size, 0);
}

TEST(gpt_entry_size_0_rejected)
{
	unsigned long log = log_buf_next();

	CHECK_EQ(scan_image("gpt-entry-size-0", 0, &st), 0);
	CHECK_LOG(log, "sda: primary GPT header at LBA 1: entry size 0 is not 128 << n");
	CHECK_LOG(log, "sda: backup GPT header at LBA 16383: entry size 0");
}

TEST(gpt_partition_past_end_skipped)
{
	unsigned long log = log_buf_next();

	CHECK_EQ(scan_image("gpt-part-past-end", 0, &st), 1);
	CHECK_EQ(st.parts[3].from, 8192);
	CHECK_EQ(st.parts[4].size, 0);
	CHECK_LOG(log, "sda: GPT entry 4 (LBA 10240..16484) is outside the usable area 34..16350, skipped");
	CHECK_EQ(st.warnings, 1);
	CHECK_STREQ(st.pp_buf, " sda1 sda2 sda3");
}

/* ---- truncated images: reads that fail ---- */

TEST(msdos_unreadable_ebr_keeps_earlier_logicals)
{
	unsigned long log = log_buf_next();

	/* The file ends before the second EBR; the disk claims 16 MiB. */
	CHECK_EQ(scan_image("mbr-logical-head", 32768, &st), 1);
	CHECK_EQ(st.parts[5].size, 4096);
	CHECK_EQ(st.parts[6].size, 0);
	CHECK_LOG(log, "sda: unable to read sector 18432 (error -5)");
}

TEST(gpt_unreadable_backup_uses_primary)
{
	unsigned long log = log_buf_next();

	CHECK_EQ(scan_image("gpt4-head", 16384, &st), 1);
	check_like_sfdisk(&st, "gpt4");
	CHECK_LOG(log, "sda: unable to read sector 16383 (error -5)");
	CHECK_LOG(log, "sda: backup GPT is unusable; using the primary");
}

TEST(gpt_cut_to_34_sectors_is_no_table)
{
	unsigned long log = log_buf_next();

	/* Now the disk really is 34 sectors: the usable area cannot fit. */
	CHECK_EQ(scan_image("gpt4-head", 0, &st), 0);
	CHECK_LOG(log, "usable area 34..16350 does not fit the disk (34 sectors)");
	CHECK_LOG(log, "sda: backup GPT header at LBA 33: no \"EFI PART\" signature");
}

TEST(tiny_image_reads_nothing)
{
	CHECK_EQ(scan_image("tiny", 0, &st), 0);	/* 100 bytes: 0 sectors */
	CHECK(st.table == NULL);
}

TEST(unreadable_sector_0_is_eio)
{
	unsigned long log = log_buf_next();

	CHECK_EQ(scan_image("tiny", 8, &st), -EIO);
	CHECK(st.table == NULL);
	CHECK_STREQ(st.pp_buf, " unable to read partition table");
	CHECK_LOG(log, "sda: unable to read sector 0 (error -5)");
	CHECK_LOG(log, "sda: unable to read partition table (error -5)");
}
