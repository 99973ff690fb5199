/*
 * ata.h - what the ATA/ATAPI command set (ATA8-ACS) and the legacy
 * IDE register interface (ATA8-ATA/ATAPI Parallel Transport) define:
 * register offsets, status and error bits, command codes, and the words
 * of IDENTIFY DEVICE data that Lantern reads. Shared by ata_pio.c,
 * ata_bmdma.c and the AHCI driver (which sends the same commands in FISes).
 */
#ifndef _LANTERN_ATA_H
#define _LANTERN_ATA_H

#include "types.h"
#include "scatterlist.h"

/* Legacy ("compatibility mode") channels of a PC IDE controller. */
#define ATA_PRIMARY_CMD		0x1f0
#define ATA_PRIMARY_CTL		0x3f6
#define ATA_PRIMARY_IRQ		14
#define ATA_SECONDARY_CMD	0x170
#define ATA_SECONDARY_CTL	0x376
#define ATA_SECONDARY_IRQ	15

/* Command block registers, as offsets from the channel's command base. */
#define ATA_REG_DATA		0	/* 16-bit PIO data */
#define ATA_REG_ERR		1	/* read */
#define ATA_REG_FEATURE		1	/* write */
#define ATA_REG_NSECT		2
#define ATA_REG_LBAL		3
#define ATA_REG_LBAM		4
#define ATA_REG_LBAH		5
#define ATA_REG_DEVICE		6
#define ATA_REG_STATUS		7	/* read: also acknowledges the interrupt */
#define ATA_REG_CMD		7	/* write */

/* Control block: Alternate Status (read, no side effect) / Device Control (write). */
#define ATA_NIEN		0x02	/* device interrupts off */
#define ATA_SRST		0x04	/* software reset of both devices */
#define ATA_HOB			0x80	/* read back the "previous" (high) LBA48 bytes */

/* Device register. */
#define ATA_DEV_OBS		0xa0	/* bits 7 and 5: set by convention */
#define ATA_DEV_LBA		0x40
#define ATA_DEV_SLAVE		0x10

/* Status register. */
#define ATA_BUSY		0x80
#define ATA_DRDY		0x40
#define ATA_DF			0x20	/* device fault */
#define ATA_DSC			0x10	/* seek complete (obsolete, still set) */
#define ATA_DRQ			0x08	/* data wanted / ready */
#define ATA_CORR		0x04
#define ATA_IDX			0x02
#define ATA_ERR			0x01

/* Error register (valid when ATA_ERR). */
#define ATA_ICRC		0x80	/* interface CRC (was "bad block") */
#define ATA_UNC			0x40	/* uncorrectable data */
#define ATA_MC			0x20	/* media changed */
#define ATA_IDNF		0x10	/* address not found */
#define ATA_MCR			0x08	/* media change requested */
#define ATA_ABORTED		0x04	/* command aborted */
#define ATA_TRK0NF		0x02
#define ATA_AMNF		0x01	/* address mark not found */

/* Commands (ATA8-ACS section 7). */
#define ATA_CMD_READ		0x20	/* READ SECTORS, LBA28 */
#define ATA_CMD_READ_EXT	0x24	/* READ SECTORS EXT, LBA48 */
#define ATA_CMD_READ_DMA	0xc8
#define ATA_CMD_READ_DMA_EXT	0x25
#define ATA_CMD_WRITE		0x30
#define ATA_CMD_WRITE_EXT	0x34
#define ATA_CMD_WRITE_DMA	0xca
#define ATA_CMD_WRITE_DMA_EXT	0x35
#define ATA_CMD_READ_MULTI	0xc4	/* READ MULTIPLE: one DRQ block of N sectors per IRQ */
#define ATA_CMD_READ_MULTI_EXT	0x29
#define ATA_CMD_WRITE_MULTI	0xc5
#define ATA_CMD_WRITE_MULTI_EXT	0x39
#define ATA_CMD_SET_MULTI	0xc6	/* SET MULTIPLE MODE: N in the sector count */
#define ATA_CMD_FPDMA_READ	0x60	/* READ FPDMA QUEUED (NCQ) */
#define ATA_CMD_FPDMA_WRITE	0x61
#define ATA_CMD_FLUSH		0xe7	/* FLUSH CACHE */
#define ATA_CMD_FLUSH_EXT	0xea
#define ATA_CMD_ID_ATA		0xec	/* IDENTIFY DEVICE */
#define ATA_CMD_ID_ATAPI	0xa1	/* IDENTIFY PACKET DEVICE */

/* Signatures left in LBA mid/high by a reset or an aborted IDENTIFY. */
#define ATA_SIG_ATAPI_M		0x14
#define ATA_SIG_ATAPI_H		0xeb
#define ATA_SIG_SATA_M		0x3c
#define ATA_SIG_SATA_H		0xc3

/* IDENTIFY DEVICE data: 256 little-endian words (ATA8-ACS table 22). */
#define ATA_ID_WORDS		256
#define ATA_ID_CONFIG		0	/* bit 15 set: not an ATA device */
#define ATA_ID_SERNO		10	/* 20 ASCII chars, two per word, swapped */
#define ATA_ID_SERNO_LEN	20
#define ATA_ID_FW_REV		23
#define ATA_ID_FW_REV_LEN	8
#define ATA_ID_PROD		27	/* model: 40 chars */
#define ATA_ID_PROD_LEN		40
#define ATA_ID_MAX_MULTSECT	47
#define ATA_ID_CAPABILITY	49	/* bit 9: LBA, bit 8: DMA */
#define ATA_ID_LBA_CAPACITY	60	/* words 60-61: LBA28 sectors */
#define ATA_ID_QUEUE_DEPTH	75	/* bits 4:0: NCQ depth - 1 */
#define ATA_ID_SATA_CAPABILITY	76	/* bit 8: NCQ */
#define ATA_ID_COMMAND_SET_2	83	/* bit 10: LBA48 supported */
#define ATA_ID_CFS_ENABLE_2	86	/* bit 10: LBA48 enabled */
#define ATA_ID_LBA_CAPACITY_2	100	/* words 100-103: LBA48 sectors */

#define ATA_MAX_SECTORS_LBA28	256	/* a count of 0 means 256 */
#define ATA_MAX_SECTORS_LBA48	65536	/* a count of 0 means 65536 */
#define ATA_LBA28_LIMIT		(1ull << 28)
/*
 * Our request size on LBA48 disks: a whole bio of BIO_MAX_PAGES (1 MiB)
 * in one command. Bigger would only lengthen the wait of the requests
 * queued behind it; smaller splits the biggest bios in two commands,
 * and a command costs about as much as moving 1 MiB on QEMU (BENCHMARKS.md).
 */
#define ATA_MAX_SECTORS_REQ	2048

struct ata_identity {
	char model[ATA_ID_PROD_LEN + 1];
	char serial[ATA_ID_SERNO_LEN + 1];
	char firmware[ATA_ID_FW_REV_LEN + 1];
	u64 sectors;		/* addressable 512-byte sectors */
	bool lba48;
	bool dma;
	bool ncq;
	unsigned int ncq_depth;
	unsigned int max_multi;	/* sectors per DRQ block for READ/WRITE MULTIPLE; 0: none */
};

/* READ/WRITE DMA (EXT): the non-queued DMA command, on IDE and AHCI alike. */
static inline u8 ata_dma_command(bool lba48, bool write)
{
	if (lba48)
		return write ? ATA_CMD_WRITE_DMA_EXT : ATA_CMD_READ_DMA_EXT;
	return write ? ATA_CMD_WRITE_DMA : ATA_CMD_READ_DMA;
}

/*
 * For rw_polled: the sectors of @sg, if one command can move them all
 * to @sector of a disk of @capacity sectors: each segment whole sectors
 * and at most @max_seg bytes, the total within the count field (LBA28
 * or LBA48). -EINVAL otherwise.
 */
static inline int ata_sg_sectors(const struct scatterlist *sg, unsigned int nents,
				 unsigned int max_seg, bool lba48, u64 sector, u64 capacity)
{
	unsigned int nsect = 0;

	for (unsigned int i = 0; i < nents; i++) {
		if (!sg[i].length || sg[i].length % 512 || sg[i].length > max_seg)
			return -EINVAL;
		nsect += sg[i].length / 512;
	}
	if (!nsect || nsect > (lba48 ? ATA_MAX_SECTORS_LBA48 : ATA_MAX_SECTORS_LBA28) ||
	    sector + nsect > capacity)
		return -EINVAL;
	return (int)nsect;
}

/*
 * Decode IDENTIFY DEVICE data (drivers/ata/ata_id.c): strings unswapped
 * and trimmed, capacity from the LBA48 words when the feature is enabled.
 * Returns -EINVAL if the data is not an ATA disk's or has no LBA.
 */
int ata_parse_identify(const u16 *id, struct ata_identity *out);

/* "DriveReady SeekComplete Error" etc. for messages; @buf of @len bytes. */
void ata_decode_status(u8 status, char *buf, size_t len);
void ata_decode_error(u8 err, char *buf, size_t len);

#endif
