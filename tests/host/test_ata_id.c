/*
 * test_ata_id.c - decoding IDENTIFY DEVICE data (drivers/ata/ata_id.c):
 * strings swapped and trimmed, LBA28 against LBA48 capacity (and the
 * words that are only valid with their signature bits), NCQ depth, the
 * READ MULTIPLE block size,
 * packet devices and CHS-only devices refused; status/error names.
 */
#include "harness.h"
#include "kernel.h"
#include "string.h"
#include "../../drivers/ata/ata.h"

static u16 id[ATA_ID_WORDS];

/* Store @s in the ATA way: two characters a word, the first in the high byte. */
static void put_string(unsigned int word, unsigned int len, const char *s)
{
	char buf[64];

	memset(buf, ' ', sizeof(buf));
	memcpy(buf, s, strlen(s));
	for (unsigned int i = 0; i < len; i += 2)
		id[word + i / 2] = (u16)((unsigned char)buf[i] << 8 | (unsigned char)buf[i + 1]);
}

static void qemu_like_disk(u32 lba28, u64 lba48)
{
	memset(id, 0, sizeof(id));
	id[ATA_ID_CONFIG] = 0x0040;
	put_string(ATA_ID_SERNO, ATA_ID_SERNO_LEN, "QM00001");
	put_string(ATA_ID_FW_REV, ATA_ID_FW_REV_LEN, "2.5+");
	put_string(ATA_ID_PROD, ATA_ID_PROD_LEN, "QEMU HARDDISK");
	id[ATA_ID_CAPABILITY] = (1u << 9) | (1u << 8);
	id[ATA_ID_LBA_CAPACITY] = (u16)lba28;
	id[ATA_ID_LBA_CAPACITY + 1] = (u16)(lba28 >> 16);
	if (lba48) {
		id[ATA_ID_COMMAND_SET_2] = 0x4000 | (1u << 10);
		id[ATA_ID_CFS_ENABLE_2] = 1u << 10;
		for (int i = 0; i < 4; i++)
			id[ATA_ID_LBA_CAPACITY_2 + i] = (u16)(lba48 >> (16 * i));
	}
}

TEST(strings_are_unswapped_and_trimmed)
{
	struct ata_identity d;

	qemu_like_disk(131072, 0);
	CHECK_EQ(ata_parse_identify(id, &d), 0);
	CHECK_STREQ(d.model, "QEMU HARDDISK");
	CHECK_STREQ(d.serial, "QM00001");
	CHECK_STREQ(d.firmware, "2.5+");
	CHECK_EQ(d.sectors, 131072);
	CHECK(!d.lba48);
	CHECK(d.dma);
	CHECK(!d.ncq);
}

TEST(lba48_capacity_beyond_28_bits)
{
	struct ata_identity d;
	u64 big = 200ull << 21;		/* 200 GiB in sectors */

	qemu_like_disk(0x0fffffff, big);
	CHECK_EQ(ata_parse_identify(id, &d), 0);
	CHECK(d.lba48);
	CHECK_EQ(d.sectors, big);
	/* Without the 01 signature in bits 15:14, word 83 means nothing. */
	id[ATA_ID_COMMAND_SET_2] &= 0x3fff;
	CHECK_EQ(ata_parse_identify(id, &d), 0);
	CHECK(!d.lba48);
	CHECK_EQ(d.sectors, 0x0fffffff);
	/* Supported but not enabled: LBA28 only. */
	qemu_like_disk(0x0fffffff, big);
	id[ATA_ID_CFS_ENABLE_2] = 0;
	CHECK_EQ(ata_parse_identify(id, &d), 0);
	CHECK(!d.lba48);
}

TEST(ncq_depth_from_word_75)
{
	struct ata_identity d;

	qemu_like_disk(1000, 1000);
	id[ATA_ID_SATA_CAPABILITY] = 1u << 8;
	id[ATA_ID_QUEUE_DEPTH] = 31;
	CHECK_EQ(ata_parse_identify(id, &d), 0);
	CHECK(d.ncq);
	CHECK_EQ(d.ncq_depth, 32);
	id[ATA_ID_SATA_CAPABILITY] = 0xffff;	/* a pre-SATA device's "not reported" */
	CHECK_EQ(ata_parse_identify(id, &d), 0);
	CHECK(!d.ncq);
}

TEST(multiple_block_size_from_word_47)
{
	struct ata_identity d;

	qemu_like_disk(1000, 0);
	CHECK_EQ(ata_parse_identify(id, &d), 0);
	CHECK_EQ(d.max_multi, 0);		/* no READ MULTIPLE: one sector per IRQ */
	id[ATA_ID_MAX_MULTSECT] = 0x8010;	/* QEMU's: 16 sectors */
	CHECK_EQ(ata_parse_identify(id, &d), 0);
	CHECK_EQ(d.max_multi, 16);
	id[ATA_ID_MAX_MULTSECT] = 0x8001;	/* a block of one is no gain */
	CHECK_EQ(ata_parse_identify(id, &d), 0);
	CHECK_EQ(d.max_multi, 0);
	id[ATA_ID_MAX_MULTSECT] = 0x800c;	/* 12: not a power of two, not valid */
	CHECK_EQ(ata_parse_identify(id, &d), 0);
	CHECK_EQ(d.max_multi, 0);
}

TEST(packet_chs_only_and_empty_devices_are_refused)
{
	struct ata_identity d;

	qemu_like_disk(1000, 0);
	id[ATA_ID_CONFIG] = 0x85c0;		/* an ATAPI CD-ROM's word 0 */
	CHECK_EQ(ata_parse_identify(id, &d), -EINVAL);
	qemu_like_disk(1000, 0);
	id[ATA_ID_CAPABILITY] = 0;		/* CHS only */
	CHECK_EQ(ata_parse_identify(id, &d), -EINVAL);
	qemu_like_disk(0, 0);			/* no capacity */
	CHECK_EQ(ata_parse_identify(id, &d), -EINVAL);
	/* Garbage strings print as spaces, never as control characters. */
	qemu_like_disk(1000, 0);
	id[ATA_ID_PROD] = 0x0141;		/* "\x01A" */
	CHECK_EQ(ata_parse_identify(id, &d), 0);
	CHECK_EQ(d.model[0], 'A');
}

TEST(status_and_error_bits_are_named)
{
	char buf[128];

	ata_decode_status(0x51, buf, sizeof(buf));
	CHECK_STREQ(buf, "DriveReady SeekComplete Error");
	ata_decode_error(0x40, buf, sizeof(buf));
	CHECK_STREQ(buf, "UncorrectableError");
	ata_decode_error(0x14, buf, sizeof(buf));
	CHECK_STREQ(buf, "SectorIdNotFound DriveStatusError");
	ata_decode_status(0, buf, sizeof(buf));
	CHECK_STREQ(buf, "");
	/* A short buffer is cut, not overrun (ASan watches). */
	ata_decode_status(0xff, buf, 8);
	CHECK_EQ(strlen(buf), 7);
}
