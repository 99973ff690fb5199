/*
 * ata_id.c - reading IDENTIFY DEVICE data and naming status and error
 * bits. Pure functions of their input, shared by every ATA driver and
 * built in the hosted tests too.
 */
#include "kernel.h"
#include "string.h"
#include "ata.h"

/*
 * ATA strings pack two characters per word with the first in the high
 * byte, padded with spaces: swap each pair and trim the padding.
 */
static void ata_id_string(const u16 *id, unsigned int word, unsigned int len, char *out)
{
	unsigned int i;

	for (i = 0; i < len; i += 2) {
		u16 w = id[word + i / 2];

		out[i] = (char)(w >> 8);
		out[i + 1] = (char)(w & 0xff);
	}
	out[len] = '\0';
	for (i = 0; i < len; i++)
		if ((unsigned char)out[i] < 0x20 || (unsigned char)out[i] > 0x7e)
			out[i] = ' ';
	while (len && out[len - 1] == ' ')
		out[--len] = '\0';
	for (i = 0; out[i] == ' '; i++)
		;
	if (i)
		memmove(out, out + i, len - i + 1);
}

int ata_parse_identify(const u16 *id, struct ata_identity *out)
{
	memset(out, 0, sizeof(*out));
	if (id[ATA_ID_CONFIG] & 0x8000)
		return -EINVAL;			/* ATAPI: a packet device */
	if (!(id[ATA_ID_CAPABILITY] & (1u << 9)))
		return -EINVAL;			/* CHS only: older than Lantern cares for */
	ata_id_string(id, ATA_ID_PROD, ATA_ID_PROD_LEN, out->model);
	ata_id_string(id, ATA_ID_SERNO, ATA_ID_SERNO_LEN, out->serial);
	ata_id_string(id, ATA_ID_FW_REV, ATA_ID_FW_REV_LEN, out->firmware);
	out->dma = id[ATA_ID_CAPABILITY] & (1u << 8);
	out->sectors = (u64)id[ATA_ID_LBA_CAPACITY] | (u64)id[ATA_ID_LBA_CAPACITY + 1] << 16;
	/* Words 83/86 are valid only if bits 15:14 read 01. */
	if ((id[ATA_ID_COMMAND_SET_2] & 0xc000) == 0x4000 &&
	    (id[ATA_ID_COMMAND_SET_2] & (1u << 10)) &&
	    (id[ATA_ID_CFS_ENABLE_2] & (1u << 10))) {
		u64 big = 0;

		for (int i = 3; i >= 0; i--)
			big = big << 16 | id[ATA_ID_LBA_CAPACITY_2 + i];
		out->lba48 = true;
		if (big > out->sectors)
			out->sectors = big;
	}
	/* Word 76 is 0 or 0xffff on devices that predate SATA. */
	if (id[ATA_ID_SATA_CAPABILITY] != 0xffff &&
	    (id[ATA_ID_SATA_CAPABILITY] & (1u << 8))) {
		out->ncq = true;
		out->ncq_depth = (id[ATA_ID_QUEUE_DEPTH] & 0x1f) + 1u;
	}
	/*
	 * Word 47: 7:0 the most sectors a DRQ block of READ/WRITE MULTIPLE
	 * may hold (ATA8-ACS 7.16.7.15); a power of two, 0 without the feature.
	 */
	if ((id[ATA_ID_MAX_MULTSECT] & 0xff) > 1 &&
	    !((id[ATA_ID_MAX_MULTSECT] & 0xff) & ((id[ATA_ID_MAX_MULTSECT] & 0xff) - 1)))
		out->max_multi = id[ATA_ID_MAX_MULTSECT] & 0xff;
	if (!out->sectors)
		return -EINVAL;
	return 0;
}

static void ata_decode_bits(u8 v, const char *const names[8], char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int bit = 7; bit >= 0; bit--) {
		if (!(v & (1u << bit)) || !names[bit])
			continue;
		used += (size_t)snprintf(buf + used, used < len ? len - used : 0, "%s%s",
					 used ? " " : "", names[bit]);
	}
}

void ata_decode_status(u8 status, char *buf, size_t len)
{
	static const char *const names[8] = {
		"Error", "Index", "CorrectedError", "DataRequest",
		"SeekComplete", "DeviceFault", "DriveReady", "Busy",
	};

	ata_decode_bits(status, names, buf, len);
}

void ata_decode_error(u8 err, char *buf, size_t len)
{
	static const char *const names[8] = {
		"AddrMarkNotFound", "TrackZeroNotFound", "DriveStatusError",
		"MediaChangeRequested", "SectorIdNotFound", "MediaChanged",
		"UncorrectableError", "InterfaceCRCError",
	};

	ata_decode_bits(err, names, buf, len);
}
