/*
 * ata_sff.c - the legacy IDE channel's registers, shared by the
 * interrupt-driven path (ata_pio.c) and the polled one (ata_polled.c):
 * selecting a device, waiting out BSY, soft reset, the task file of a
 * read or write, and moving DRQ blocks through the data port (Linux's
 * libata-sff.c plays this part there).
 */
#include "kernel.h"
#include "blkdev.h"
#include "delay.h"
#include "string.h"
#include "asm/io.h"
#include "asm/processor.h"
#include "ata.h"
#include "ata_sff.h"

/* Spin until BSY clears; the last status, or 0xff with BSY still set. */
u8 ata_wait_not_busy(struct ata_channel *ch, unsigned long usecs)
{
	u64 end = local_clock() + (u64)usecs * 1000;
	u8 st;

	while ((st = ata_altstatus(ch)) & ATA_BUSY) {
		if (local_clock() > end)
			return st;
		cpu_relax();
	}
	return st;
}

/*
 * Select @unit. A device ignores writes to its registers while busy
 * (ATA8-APT 5.2), and so does QEMU, which finishes a soft reset some
 * time after the guest asked for it: read the Device register back
 * until it shows @unit, for up to @usecs. False if it never did.
 */
bool ata_select(struct ata_channel *ch, unsigned int unit, u8 lba_high,
		unsigned long usecs)
{
	u8 dev = ATA_DEV_OBS | ATA_DEV_LBA | (unit ? ATA_DEV_SLAVE : 0) | lba_high;
	u64 end = local_clock() + (u64)usecs * 1000;

	for (;;) {
		outb(dev, ch->cmd + ATA_REG_DEVICE);
		ata_pause(ch);
		if ((inb(ch->cmd + ATA_REG_DEVICE) & ATA_DEV_SLAVE) == (dev & ATA_DEV_SLAVE))
			return true;
		if (local_clock() > end)
			return false;
		udelay(10);
	}
}

/*
 * SET MULTIPLE MODE to d->multi, polled: the device interrupt must be
 * off (nIEN). 0, or -EIO if the device refused (it then keeps PIO of
 * one sector per interrupt).
 */
int ata_set_multiple(struct ata_channel *ch, struct ata_disk *d)
{
	u8 st;

	if (!ata_select(ch, d->unit, 0, ATA_BUSY_WAIT_US))
		return -EIO;
	outb((u8)d->multi, ch->cmd + ATA_REG_NSECT);
	outb(ATA_CMD_SET_MULTI, ch->cmd + ATA_REG_CMD);
	ata_pause(ch);
	st = ata_wait_not_busy(ch, ATA_BUSY_WAIT_US);
	ata_status(ch);			/* acknowledge, though nIEN kept INTRQ low */
	return (st & (ATA_BUSY | ATA_ERR | ATA_DF)) ? -EIO : 0;
}

/*
 * Both devices of the channel back to their power-on state (SRST), then
 * wait until it is over: the Device register shows device 0 and device 0
 * is not busy. Polling whichever device happens to be selected is not
 * enough: an absent slave reads status 0 ("not busy") while the master
 * is still in reset, and the next commands would be ignored. (QEMU may
 * still route reads to the slave afterwards, which is harmless: every
 * command path selects its device first.)
 */
void ata_soft_reset(struct ata_channel *ch, bool irqs)
{
	bool selected;
	u8 st;

	ch->resets++;
	outb(ATA_NIEN | ATA_SRST, ch->ctl);
	udelay(5);
	outb(ATA_NIEN, ch->ctl);
	mdelay(2);
	selected = ata_select(ch, 0, 0, ATA_RESET_WAIT_MS * 1000UL);
	st = ata_wait_not_busy(ch, ATA_RESET_WAIT_MS * 1000UL);
	if (!selected)
		pr_warn("%s: device 0 not selectable after reset\n", ch->name);
	else if (st & ATA_BUSY)
		pr_warn("%s: device 0 still busy %u ms after reset\n", ch->name,
			ATA_RESET_WAIT_MS);
	/* A reset may put the block size back to the device's default. */
	for (unsigned int unit = 0; unit < 2; unit++)
		if (ch->disks[unit] && ch->disks[unit]->multi > 1 &&
		    ata_set_multiple(ch, ch->disks[unit]))
			ch->disks[unit]->multi = 1;
	outb(irqs ? 0 : ATA_NIEN, ch->ctl);
}

/* ---- moving data through the data port ---- */

void ata_cursor_init(struct ata_cursor *c, struct request *rq)
{
	c->bio = rq->bio;
	c->idx = c->bio ? c->bio->bi_idx : 0;
	c->off = 0;
}

/* Up to @len bytes of the current vector, and step past them. */
static void *ata_cursor_take(struct ata_cursor *c, unsigned int *len)
{
	struct bio_vec *bv;
	void *p;

	while (c->bio && c->idx >= c->bio->bi_vcnt) {
		c->bio = c->bio->bi_next;
		c->idx = c->bio ? c->bio->bi_idx : 0;
		c->off = 0;
	}
	if (!c->bio)
		return NULL;
	bv = &c->bio->bi_io_vec[c->idx];
	*len = min(*len, bv->bv_len - c->off);
	p = (char *)page_address(bv->bv_page) + bv->bv_offset + c->off;
	c->off += *len;
	if (c->off == bv->bv_len) {
		c->idx++;
		c->off = 0;
	}
	return p;
}

/*
 * One sector between the data port and the request's pages. A sector
 * split across two vectors (vectors need only be whole bytes) goes
 * through a bounce buffer: the port moves whole words.
 */
static void ata_pio_sector(struct ata_channel *ch, bool write)
{
	u16 bounce[256];
	unsigned int len = 512, have = 0;
	void *p = ata_cursor_take(&ch->cur, &len);

	if (p && len == 512) {
		if (write)
			outsw(ch->cmd + ATA_REG_DATA, p, 256);
		else
			insw(ch->cmd + ATA_REG_DATA, p, 256);
		ch->done++;
		return;
	}
	if (!write)
		insw(ch->cmd + ATA_REG_DATA, bounce, 256);
	else
		memset(bounce, 0, sizeof(bounce));	/* should the vectors run short */
	/* Gather into (write) or scatter from (read) the bounce sector. */
	while (p && have < 512) {
		if (write)
			memcpy((char *)bounce + have, p, len);
		else
			memcpy(p, (char *)bounce + have, len);
		have += len;
		len = 512 - have;
		p = have < 512 ? ata_cursor_take(&ch->cur, &len) : NULL;
	}
	if (write)
		outsw(ch->cmd + ATA_REG_DATA, bounce, 256);
	ch->done++;
}

/*
 * One DRQ block: what the device hands over per interrupt, ch->block
 * sectors (READ/WRITE MULTIPLE) or what is left of the command.
 */
void ata_pio_block(struct ata_channel *ch, bool write)
{
	unsigned int n = min(ch->block, ch->nsect - ch->done);

	for (unsigned int i = 0; i < n; i++)
		ata_pio_sector(ch, write);
	ch->last_block = n;
}

u8 ata_pio_command(struct ata_disk *d, bool write)
{
	bool lba48 = d->id.lba48;

	if (d->multi > 1)
		return write ? (lba48 ? ATA_CMD_WRITE_MULTI_EXT : ATA_CMD_WRITE_MULTI)
			     : (lba48 ? ATA_CMD_READ_MULTI_EXT : ATA_CMD_READ_MULTI);
	return write ? (lba48 ? ATA_CMD_WRITE_EXT : ATA_CMD_WRITE)
		     : (lba48 ? ATA_CMD_READ_EXT : ATA_CMD_READ);
}

/*
 * Load the task file of a read or write of @nsect sectors at @lba and
 * write @command. @d is selected and not busy.
 */
void ata_tf_rw(struct ata_channel *ch, struct ata_disk *d, u64 lba, unsigned int nsect,
	       u8 command)
{
	if (d->id.lba48) {
		/* The "previous" bytes first: sector count and LBA bits 24-47. */
		outb((u8)(nsect >> 8), ch->cmd + ATA_REG_NSECT);
		outb((u8)(lba >> 24), ch->cmd + ATA_REG_LBAL);
		outb((u8)(lba >> 32), ch->cmd + ATA_REG_LBAM);
		outb((u8)(lba >> 40), ch->cmd + ATA_REG_LBAH);
	} else {
		ata_select(ch, d->unit, (u8)((lba >> 24) & 0x0f), ATA_BUSY_WAIT_US);
	}
	outb((u8)nsect, ch->cmd + ATA_REG_NSECT);	/* 256 (LBA28) / 65536: 0 */
	outb((u8)lba, ch->cmd + ATA_REG_LBAL);
	outb((u8)(lba >> 8), ch->cmd + ATA_REG_LBAM);
	outb((u8)(lba >> 16), ch->cmd + ATA_REG_LBAH);
	outb(command, ch->cmd + ATA_REG_CMD);
}
