/*
 * test_partitions_edge.c - the rules of block/partitions/ (check.h,
 * msdos.c, efi.c) one by one, on small tables built in memory: numbering,
 * names and the boot-log line, every range check of the MBR and the EBR
 * chain (loops, hop limit, links out of the container or into a
 * partition), and every field check of a GPT header, with the warning
 * each case must print. Real images are in test_partitions.c.
 */
#include "partitions_disk.h"

static struct parsed_partitions st;

/* ---- names and the log line ---- */

TEST(disk_name_adds_p_after_a_digit)
{
	char buf[BDEVNAME_SIZE];

	CHECK_STREQ(disk_name("sda", 1, buf), "sda1");
	CHECK_STREQ(disk_name("hdb", 63, buf), "hdb63");
	CHECK_STREQ(disk_name("loop0", 1, buf), "loop0p1");
	CHECK_STREQ(disk_name("nvme0n1", 12, buf), "nvme0n1p12");
	CHECK_STREQ(disk_name("sda", 0, buf), "sda");
	CHECK_STREQ(disk_name("", 3, buf), "3");
	/* A name that fills the buffer is cut, never overflowed. */
	disk_name("abcdefghijklmnopqrstuvwxyz0123456789", 7, buf);
	CHECK_EQ(strlen(buf), BDEVNAME_SIZE - 1);
}

TEST(pp_buf_ends_in_dots_when_full)
{
	struct memdisk *d = memdisk_new(2048);
	struct gpt_layout l = gpt_build(d, 128, 128);

	for (u32 i = 0; i < 63; i++)
		gpt_entry_set(d, &l, i, l.first + i, l.first + i, NULL);
	gpt_seal(d);
	memset(&st, 0, sizeof(st));
	snprintf(st.name, sizeof(st.name), "averylongdiskname");
	st.capacity = d->sectors;
	st.read_sector = memdisk_read;
	st.ctx = d;
	CHECK_EQ(check_partition(&st), 1);
	CHECK_EQ(st.parts[63].size, 1);
	CHECK_EQ(strlen(st.pp_buf), sizeof(st.pp_buf) - 1);
	CHECK(strcmp(st.pp_buf + strlen(st.pp_buf) - 3, "...") == 0);
	CHECK(strncmp(st.pp_buf, " averylongdiskname1 averylongdiskname2 ", 39) == 0);
	memdisk_free(d);
}

TEST(bad_arguments)
{
	struct memdisk *d = memdisk_new(16);

	memset(&st, 0, sizeof(st));
	st.capacity = 16;
	CHECK_EQ(check_partition(&st), -EINVAL);	/* no read_sector */
	d->sectors = 0;					/* an empty disk */
	CHECK_EQ(scan(d, &st), 0);
	CHECK_EQ(d->reads, 0);
	memdisk_free(d);
}

/* ---- MBR primaries ---- */

TEST(msdos_empty_slots_keep_numbers)
{
	struct memdisk *d = memdisk_new(1000);
	unsigned long log = log_buf_next();

	mbr_set(sec(d, 0), 1, 0x80, 0x83, 100, 100);
	mbr_set(sec(d, 0), 3, 0, 0x0c, 300, 50);
	mbr_set(sec(d, 0), 2, 0, 0x83, 500, 0);		/* type, no size: empty */
	CHECK_EQ(scan(d, &st), 1);
	CHECK_STREQ(st.table, "msdos");
	CHECK_EQ(st.parts[1].size, 0);
	CHECK_EQ(st.parts[2].from, 100);
	CHECK_EQ(st.parts[3].size, 0);
	CHECK_EQ(st.parts[4].from, 300);
	CHECK_EQ(st.parts[4].sys_ind, 0x0c);
	CHECK_STREQ(st.pp_buf, " sda2 sda4");
	CHECK_LOG(log, "sda: sda2 sda4\n");
	CHECK_EQ(st.warnings, 0);
	/* A second scan of the same state gives the same answer. */
	CHECK_EQ(check_partition(&st), 1);
	CHECK_STREQ(st.pp_buf, " sda2 sda4");
	memdisk_free(d);
}

TEST(msdos_bad_boot_indicator_is_no_table)
{
	struct memdisk *d = memdisk_new(1000);

	mbr_set(sec(d, 0), 0, 0, 0x83, 100, 100);
	mbr_set(sec(d, 0), 1, 0x12, 0x83, 300, 100);	/* a FAT boot sector? */
	CHECK_EQ(scan(d, &st), 0);
	CHECK_EQ(st.warnings, 0);
	CHECK_EQ(st.parts[1].size, 0);
	memdisk_free(d);
}

TEST(msdos_overlapping_and_sector_0_primaries_skipped)
{
	struct memdisk *d = memdisk_new(1000);
	unsigned long log = log_buf_next();

	mbr_set(sec(d, 0), 0, 0, 0x83, 100, 100);
	mbr_set(sec(d, 0), 1, 0, 0x83, 150, 100);	/* over sda1 */
	mbr_set(sec(d, 0), 2, 0, 0x83, 0, 50);		/* over the MBR */
	mbr_set(sec(d, 0), 3, 0, 0x83, 200, 100);	/* touches sda1: fine */
	CHECK_EQ(scan(d, &st), 1);
	CHECK_EQ(st.parts[1].size, 100);
	CHECK_EQ(st.parts[2].size, 0);
	CHECK_EQ(st.parts[3].size, 0);
	CHECK_EQ(st.parts[4].size, 100);
	CHECK_LOG(log, "sda: sda2 (MBR entry 2, sectors 150..249) overlaps partition 1; skipped");
	CHECK_LOG(log, "sda: sda3 (MBR entry 3) starts at sector 0, over the partition table; skipped");
	CHECK_EQ(st.warnings, 2);
	memdisk_free(d);
}

TEST(msdos_container_stub_and_second_extended)
{
	struct memdisk *d = memdisk_new(1000);
	unsigned long log = log_buf_next();

	mbr_set(sec(d, 0), 0, 0, 0x0f, 100, 100);
	mbr_set(sec(d, 0), 1, 0, 0x85, 300, 100);	/* a second container */
	mbr_set(sec(d, 0), 2, 0, 0x05, 500, 1);		/* a third, 1 sector */
	ebr_set(d, 100, 1, 10, 0, 0);
	CHECK_EQ(scan(d, &st), 1);
	CHECK_EQ(st.parts[1].from, 100);
	CHECK_EQ(st.parts[1].size, 2);
	CHECK_EQ(st.parts[1].flags, ADDPART_FLAG_EXTENDED);
	CHECK_EQ(st.parts[1].sys_ind, 0x0f);
	CHECK_EQ(st.parts[5].from, 101);
	CHECK_EQ(st.parts[2].size, 0);
	CHECK_EQ(st.parts[3].size, 0);
	CHECK_LOG(log, "sda: sda2 (MBR entry 2) is a second extended partition; skipped");
	CHECK_STREQ(st.pp_buf, " sda1 < sda5 >");
	memdisk_free(d);
}

TEST(msdos_one_sector_container_stub)
{
	struct memdisk *d = memdisk_new(1000);

	mbr_set(sec(d, 0), 0, 0, 0x05, 100, 1);
	ebr_set(d, 100, 0, 0, 0, 0);			/* an empty chain */
	CHECK_EQ(scan(d, &st), 1);
	CHECK_EQ(st.parts[1].size, 1);
	CHECK_STREQ(st.pp_buf, " sda1 < >");
	CHECK_EQ(st.warnings, 0);
	memdisk_free(d);
}

/* ---- the EBR chain ---- */

/* A container at 100..999 holding the chain the test writes. */
static struct memdisk *ext_disk(void)
{
	struct memdisk *d = memdisk_new(1000);

	mbr_set(sec(d, 0), 0, 0, 0x05, 100, 900);
	return d;
}

TEST(msdos_backward_links_and_empty_ebrs)
{
	struct memdisk *d = ext_disk();

	ebr_set(d, 100, 0, 0, 200, 100);	/* no logical: no number */
	ebr_set(d, 300, 10, 50, 100, 100);	/* -> 200, below it */
	ebr_set(d, 200, 5, 20, 0, 0);
	CHECK_EQ(scan(d, &st), 1);
	CHECK_EQ(st.parts[5].from, 310);
	CHECK_EQ(st.parts[5].size, 50);
	CHECK_EQ(st.parts[5].sys_ind, 0x83);
	CHECK_EQ(st.parts[6].from, 205);
	CHECK_EQ(st.parts[7].size, 0);
	CHECK_EQ(st.warnings, 0);
	CHECK_STREQ(st.pp_buf, " sda1 < sda5 sda6 >");
	memdisk_free(d);
}

TEST(msdos_logical_on_its_own_ebr_skipped)
{
	struct memdisk *d = ext_disk();
	unsigned long log = log_buf_next();

	ebr_set(d, 100, 0, 10, 100, 50);	/* logical starts at offset 0 */
	ebr_set(d, 200, 1, 10, 0, 0);
	CHECK_EQ(scan(d, &st), 1);
	CHECK_EQ(st.parts[5].size, 0);
	CHECK_EQ(st.parts[6].from, 201);
	CHECK_LOG(log, "sda: sda5 starts on its own EBR at sector 100, skipped");
	memdisk_free(d);
}

TEST(msdos_logical_over_an_ebr_skipped)
{
	struct memdisk *d = ext_disk();
	unsigned long log = log_buf_next();

	ebr_set(d, 100, 1, 9, 100, 10);		/* sda5 101..109 -> 200 */
	ebr_set(d, 200, 60, 10, 50, 10);	/* sda6 260..269 -> 150 */
	ebr_set(d, 150, 1, 60, 0, 0);		/* 151..210 covers EBR 200 */
	CHECK_EQ(scan(d, &st), 1);
	CHECK_EQ(st.parts[5].size, 9);
	CHECK_EQ(st.parts[6].from, 260);
	CHECK_EQ(st.parts[7].size, 0);
	CHECK_LOG(log, "sda: sda7 (sectors 151..210) covers an EBR, skipped");
	memdisk_free(d);
}

TEST(msdos_bad_links_stop_the_chain)
{
	static const struct {
		u8 type;
		u32 rel, size;
		const char *warning;
	} cases[] = {
		{ 0x05, 900, 10, "sda: EBR at sector 100 links to sector 1000, outside the extended partition (sectors 100..999); stopping" },
		{ 0x05, 5, 10, "sda: EBR at sector 100 links to sector 105, inside partition 5; stopping" },
		{ 0x05, 0, 10, "sda: EBR chain loops at sector 100, stopping" },
		{ 0x83, 200, 10, "sda: EBR at sector 100: second entry has type 0x83, not a link; stopping" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct memdisk *d = ext_disk();
		unsigned long log = log_buf_next();

		ebr_set(d, 100, 1, 10, 0, 0);
		mbr_set(sec(d, 100), 1, 0, cases[i].type, cases[i].rel,
			cases[i].size);
		ebr_set(d, 300, 1, 10, 0, 0);	/* never reached */
		ebr_set(d, 105, 1, 10, 0, 0);
		CHECK_EQ(scan(d, &st), 1);
		CHECK_EQ(st.parts[5].from, 101);
		CHECK_EQ(st.parts[6].size, 0);
		CHECK_LOG(log, cases[i].warning);
		CHECK_EQ(st.warnings, 1);
		memdisk_free(d);
	}
}

TEST(msdos_ebr_without_signature_stops)
{
	struct memdisk *d = ext_disk();
	unsigned long log = log_buf_next();

	ebr_set(d, 100, 1, 10, 100, 10);
	ebr_set(d, 200, 1, 10, 0, 0);
	sec(d, 200)[511] = 0;
	CHECK_EQ(scan(d, &st), 1);
	CHECK_EQ(st.parts[5].size, 10);
	CHECK_EQ(st.parts[6].size, 0);
	CHECK_LOG(log, "sda: EBR at sector 200 has no 0x55AA signature, stopping");
	memdisk_free(d);
}

TEST(msdos_ebr_first_entry_extended_ignored)
{
	struct memdisk *d = ext_disk();
	unsigned long log = log_buf_next();

	ebr_set(d, 100, 1, 10, 100, 10);
	sec(d, 100)[0x1be + 4] = 0x05;
	ebr_set(d, 200, 1, 10, 0, 0);
	CHECK_EQ(scan(d, &st), 1);
	CHECK_EQ(st.parts[5].from, 201);	/* the number was not used */
	CHECK_LOG(log, "sda: EBR at sector 100: first entry is an extended type 0x05, ignored");
	memdisk_free(d);
}

TEST(msdos_more_logicals_than_numbers)
{
	struct memdisk *d = ext_disk();
	unsigned long log = log_buf_next();

	for (u32 i = 0; i < 70; i++)		/* EBRs at 100, 110, ... */
		ebr_set(d, 100 + 10 * i, 1, 5, 10 * (i + 1), i < 69 ? 10 : 0);
	CHECK_EQ(scan(d, &st), 1);
	CHECK_EQ(st.parts[5].from, 101);
	CHECK_EQ(st.parts[63].from, 100 + 10 * 58 + 1);
	CHECK_LOG(log, "sda: more than 63 partitions: the rest of the EBR chain is ignored");
	CHECK_EQ(st.warnings, 1);
	memdisk_free(d);
}

TEST(msdos_chain_hop_limit)
{
	struct memdisk *d = ext_disk();
	unsigned long log = log_buf_next();

	for (u32 i = 0; i < 80; i++)		/* only links, no logicals */
		ebr_set(d, 100 + 10 * i, 0, 0, 10 * (i + 1), i < 79 ? 10 : 0);
	CHECK_EQ(scan(d, &st), 1);
	CHECK_EQ(st.parts[5].size, 0);
	CHECK_LOG(log, "sda: EBR chain longer than 64 links, stopping");
	CHECK(d->reads < 64 + 4);
	memdisk_free(d);
}

/* ---- GPT ---- */

static struct memdisk *gpt_disk(u32 esize, struct gpt_layout *l)
{
	struct memdisk *d = memdisk_new(200);

	*l = gpt_build(d, 8, esize);
	gpt_entry_set(d, l, 0, 40, 59, "first");
	gpt_entry_set(d, l, 2, 60, 99, "third");
	gpt_seal(d);
	return d;
}

TEST(gpt_unused_entries_keep_numbers)
{
	static const u32 sizes[] = { 128, 256, 512, 1024 };

	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		struct gpt_layout l;
		struct memdisk *d = gpt_disk(sizes[i], &l);

		CHECK_EQ(scan(d, &st), 1);
		CHECK_STREQ(st.table, "gpt");
		CHECK_EQ(st.parts[1].from, 40);
		CHECK_EQ(st.parts[1].size, 20);
		CHECK_STREQ(st.parts[1].label, "first");
		CHECK_EQ(st.parts[2].size, 0);
		CHECK_EQ(st.parts[3].from, 60);
		CHECK_EQ(st.parts[3].type_guid[0], 0xaf);
		CHECK_STREQ(st.pp_buf, " sda1 sda3");
		CHECK_EQ(st.warnings, 0);
		memdisk_free(d);
	}
}

/* Edit the primary header at byte @off; sealed so only the field is bad. */
static void primary_put32(struct memdisk *d, int off, u32 v)
{
	put_le32(sec(d, 1) + off, v);
	gpt_seal(d);
}

TEST(gpt_bad_primary_fields_fall_back_to_backup)
{
	static const struct {
		int off;
		u32 value;
		const char *warning;
	} cases[] = {
		{ 8, 0x00020000, "primary GPT header at LBA 1: unsupported revision 0x20000" },
		{ 12, 91, "primary GPT header at LBA 1: header size 91 not in 92..512" },
		{ 12, 513, "header size 513 not in 92..512" },
		{ 24, 2, "primary GPT header at LBA 1: my_lba is 2" },
		{ 48, 200, "usable area 6..200 does not fit the disk (200 sectors)" },
		{ 84, 129, "entry size 129 is not 128 << n (at most 4096)" },
		{ 84, 8192, "entry size 8192 is not 128 << n" },
		{ 80, 2048, "2048 entries of 256 bytes: array larger than 131072 bytes" },
		{ 72, 6, "entry array at 6 (4 sectors) is not outside the usable area" },
		{ 72, 199, "entry array at 199 (4 sectors) is not outside the usable area and inside the disk" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct gpt_layout l;
		struct memdisk *d = gpt_disk(256, &l);
		unsigned long log = log_buf_next();

		primary_put32(d, cases[i].off, cases[i].value);
		CHECK_EQ(scan(d, &st), 1);
		CHECK_EQ(st.parts[3].from, 60);
		CHECK_LOG(log, cases[i].warning);
		CHECK_LOG(log, "sda: primary GPT header is invalid; using the backup at LBA 199");
		memdisk_free(d);
	}
}

TEST(gpt_header_size_512_accepted)
{
	struct gpt_layout l;
	struct memdisk *d = gpt_disk(128, &l);

	put_le32(sec(d, 1) + 12, 512);
	put_le32(sec(d, 199) + 12, 512);
	gpt_seal(d);
	CHECK_EQ(scan(d, &st), 1);
	CHECK_EQ(st.warnings, 0);
	memdisk_free(d);
}

TEST(gpt_bad_entries_skipped)
{
	struct gpt_layout l;
	struct memdisk *d = gpt_disk(128, &l);
	unsigned long log = log_buf_next();

	gpt_entry_set(d, &l, 3, 120, 110, NULL);	/* ends before it starts */
	gpt_entry_set(d, &l, 4, 50, 70, NULL);		/* over sda1 and sda3 */
	gpt_entry_set(d, &l, 5, 2, 10, NULL);		/* before first usable */
	gpt_entry_set(d, &l, 6, 190, 198, NULL);	/* after last usable */
	gpt_entry_set(d, &l, 7, 100, 100, "x\xe9y");	/* fine, 1 sector */
	gpt_seal(d);
	CHECK_EQ(scan(d, &st), 1);
	for (int n = 4; n <= 7; n++)
		CHECK_EQ(st.parts[n].size, 0);
	CHECK_EQ(st.parts[8].from, 100);
	CHECK_EQ(st.parts[8].size, 1);
	CHECK_STREQ(st.parts[8].label, "x?y");
	CHECK_LOG(log, "sda: GPT entry 4 (LBA 120..110) ends before it starts, skipped");
	CHECK_LOG(log, "sda: GPT entry 5 (LBA 50..70) overlaps partition 1, skipped");
	CHECK_LOG(log, "sda: GPT entry 6 (LBA 2..10) is outside the usable area 4..196, skipped");
	CHECK_LOG(log, "sda: GPT entry 7 (LBA 190..198) is outside the usable area");
	CHECK_EQ(st.warnings, 4);
	memdisk_free(d);
}

TEST(gpt_entries_past_63_ignored)
{
	struct memdisk *d = memdisk_new(400);
	struct gpt_layout l = gpt_build(d, 128, 128);
	unsigned long log = log_buf_next();

	for (u32 i = 0; i < 128; i++)
		gpt_entry_set(d, &l, i, l.first + i, l.first + i,
			      "a name of thirty-six characters long");
	gpt_seal(d);
	CHECK_EQ(scan(d, &st), 1);
	CHECK_EQ(st.parts[63].from, l.first + 62);
	CHECK_STREQ(st.parts[63].label, "a name of thirty-six characters long");
	CHECK_LOG(log, "sda: 65 used GPT entries past partition 63 ignored");
	CHECK_EQ(st.warnings, 1);
	memdisk_free(d);
}

TEST(gpt_backup_problems_only_warn)
{
	struct gpt_layout l;
	struct memdisk *d = gpt_disk(128, &l);
	unsigned long log = log_buf_next();

	/* The backup's array differs from the primary's. */
	gpt_entry_set(d, &l, 5, 150, 160, NULL);
	memset(sec(d, 2), 0, l.array_sectors * SECTOR);
	gpt_entry_set(d, &l, 0, 40, 59, "first");
	gpt_entry_set(d, &l, 2, 60, 99, "third");
	gpt_seal(d);
	CHECK_EQ(scan(d, &st), 1);
	CHECK_EQ(st.parts[6].size, 0);
	CHECK_LOG(log, "sda: primary and backup GPT headers disagree; using the primary");

	/* The primary points at a backup that is not at the end. */
	log = log_buf_next();
	primary_put32(d, 32, 198);
	CHECK_EQ(scan(d, &st), 1);
	CHECK_EQ(st.parts[1].size, 20);
	CHECK_LOG(log, "sda: primary GPT header says the backup is at LBA 198, not at the end of the disk (LBA 199)");
	CHECK_LOG(log, "sda: backup GPT header at LBA 198: no \"EFI PART\" signature");
	CHECK_LOG(log, "sda: backup GPT is unusable; using the primary");
	memdisk_free(d);
}

TEST(gpt_unreadable_headers)
{
	struct gpt_layout l;
	struct memdisk *d = gpt_disk(128, &l);
	unsigned long log = log_buf_next();

	d->fail_sector = 1;
	CHECK_EQ(scan(d, &st), 1);
	CHECK_EQ(st.parts[3].from, 60);
	CHECK_LOG(log, "sda: unable to read sector 1 (error -5)");
	CHECK_LOG(log, "using the backup at LBA 199");

	/* Primary unreadable, backup invalid: a read error, not "no table". */
	sec(d, 199)[0] = 'X';
	log = log_buf_next();
	CHECK_EQ(scan(d, &st), -EIO);
	CHECK(st.table == NULL);
	CHECK_LOG(log, "sda: protective MBR but no valid GPT header");
	CHECK_LOG(log, "sda: unable to read partition table (error -5)");
	memdisk_free(d);
}

TEST(gpt_pmbr_in_any_slot_and_zero_entries)
{
	struct memdisk *d = memdisk_new(100);

	gpt_build(d, 0, 128);
	memset(sec(d, 0) + 0x1be, 0, 64);
	mbr_set(sec(d, 0), 3, 0, EFI_PMBR_OSTYPE_EFI_GPT, 1, 99);
	CHECK_EQ(scan(d, &st), 1);
	CHECK_STREQ(st.table, "gpt");
	CHECK_STREQ(st.pp_buf, "");
	CHECK_EQ(st.warnings, 0);
	memdisk_free(d);
}
