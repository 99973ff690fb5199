/*
 * ata_polled.c - one read or write on an IDE disk with no queue, no
 * elevator and no interrupt: block_device_operations.rw_polled.
 *
 * make bench needs the emulated device's own speed, to say how much of
 * it the request path keeps. The cheapest way to move N sectors is one
 * command of N sectors, with the CPU spinning on the status register
 * instead of taking an interrupt per sector (PIO) or per command (DMA).
 * This is that path; it shares the task-file code of ata_pio.c, so a
 * difference in speed is the cost of everything else.
 *
 * The channel is borrowed, not shared: ch->polling keeps ata_start()
 * from issuing anything meanwhile, and requests that arrive wait in
 * their queues until we hand the channel back.
 */
#include "kernel.h"
#include "blkdev.h"
#include "delay.h"
#include "asm/io.h"
#include "asm/processor.h"
#include "ata.h"
#include "ata_sff.h"

/* A whole command of many sectors: generous, since TCG runs PIO slowly. */
#define ATA_POLL_TIMEOUT_MS	30000

/*
 * Can @sg go in one PRD table? Each entry one region inside a 64 KiB
 * window below 4 GiB (the size limit is checked by ata_sg_sectors()).
 */
static bool ata_polled_dma_ok(const struct scatterlist *sg, unsigned int nents)
{
	if (nents > ATA_BMDMA_PRDS)
		return false;
	for (unsigned int i = 0; i < nents; i++) {
		u64 pa = sg_phys(&sg[i]);

		if (pa + sg[i].length > 0x100000000ULL ||
		    (pa & ~(u64)ATA_BMDMA_BOUNDARY) !=
		    ((pa + sg[i].length - 1) & ~(u64)ATA_BMDMA_BOUNDARY))
			return false;
	}
	return true;
}

/* Wait for the end of a DMA command: engine idle and device not busy. */
static int ata_polled_dma_wait(struct ata_channel *ch)
{
	u64 end = local_clock() + (u64)ATA_POLL_TIMEOUT_MS * 1000000;
	u8 bm, st;

	for (;;) {
		bm = inb(ch->bmdma + ATA_BMDMA_STATUS);
		st = ata_altstatus(ch);
		if (!(bm & ATA_DMA_ACTIVE) && !(st & ATA_BUSY))
			break;
		if ((st & (ATA_ERR | ATA_DF)) && !(st & ATA_BUSY))
			break;
		if (local_clock() > end)
			return -ETIMEDOUT;
		udelay(2);	/* as ahci_rw_polled(): leave QEMU's I/O thread the lock */
	}
	bm = ata_bmdma_stop(ch);
	st = ata_status(ch);
	if ((st & (ATA_ERR | ATA_DF)) || (bm & ATA_DMA_ERR))
		return -EIO;
	return 0;
}

/*
 * Move every sector of @sg through the data port, waiting for DRQ before
 * each DRQ block of @block sectors (READ/WRITE MULTIPLE, else 1).
 */
static int ata_polled_pio(struct ata_channel *ch, const struct scatterlist *sg,
			  unsigned int nents, bool write, unsigned int block)
{
	unsigned int sector = 0;

	for (unsigned int i = 0; i < nents; i++) {
		char *p = (char *)page_address(sg[i].page) + sg[i].offset;

		for (unsigned int done = 0; done < sg[i].length; done += 512, sector++) {
			if (sector % block == 0) {
				u8 st;

				ata_pause(ch);
				st = ata_wait_not_busy(ch, ATA_POLL_TIMEOUT_MS * 1000UL);
				if (st & ATA_BUSY)
					return -ETIMEDOUT;
				if ((st & (ATA_ERR | ATA_DF)) || !(st & ATA_DRQ))
					return -EIO;
			}
			if (write)
				outsw(ch->cmd + ATA_REG_DATA, p + done, 256);
			else
				insw(ch->cmd + ATA_REG_DATA, p + done, 256);
		}
	}
	/* After the last sector: the write is on the medium, or the read is over. */
	ata_pause(ch);
	if (ata_wait_not_busy(ch, ATA_POLL_TIMEOUT_MS * 1000UL) & ATA_BUSY)
		return -ETIMEDOUT;
	return (ata_status(ch) & (ATA_ERR | ATA_DF)) ? -EIO : 0;
}

int ata_rw_polled(struct gendisk *disk, int rw, sector_t sector,
		  struct scatterlist *sg, unsigned int nents)
{
	struct ata_disk *d = disk->private_data;
	struct ata_channel *ch = d->chan;
	bool write = rw & REQ_WRITE;
	int nsect = ata_sg_sectors(sg, nents, d->dma ? ATA_BMDMA_MAX_SEG : ~0u,
				   d->id.lba48, sector, get_capacity(disk));
	unsigned long flags;
	int err;

	might_sleep();
	if (nsect < 0 || (d->dma && !ata_polled_dma_ok(sg, nents)))
		return -EINVAL;

	spin_lock_irqsave(&ch->lock, flags);
	if (ch->rq || ch->polling) {
		spin_unlock_irqrestore(&ch->lock, flags);
		return -EBUSY;
	}
	ch->polling = true;
	spin_unlock_irqrestore(&ch->lock, flags);

	outb(ATA_NIEN, ch->ctl);	/* the device raises no interrupt */
	if (!ata_select(ch, d->unit, 0, ATA_BUSY_WAIT_US) ||
	    (ata_wait_not_busy(ch, ATA_BUSY_WAIT_US) & ATA_BUSY)) {
		err = -ETIMEDOUT;
		goto out;
	}
	if (d->dma) {
		ata_bmdma_load(ch, sg, nents, write);
		ata_tf_rw(ch, d, sector, nsect, ata_dma_command(d->id.lba48, write));
		ata_bmdma_start(ch);
		err = ata_polled_dma_wait(ch);
	} else {
		ata_tf_rw(ch, d, sector, nsect, ata_pio_command(d, write));
		err = ata_polled_pio(ch, sg, nents, write, d->multi);
	}
out:
	if (err) {
		pr_err("%s: polled %s of %d sectors at %llu failed (%s, status 0x%02x): "
		       "resetting the channel\n", disk->disk_name, write ? "write" : "read",
		       nsect, (unsigned long long)sector,
		       err == -ETIMEDOUT ? "timed out" : "device error", ata_altstatus(ch));
		if (d->dma)
			ata_bmdma_stop(ch);
		ata_soft_reset(ch, false);
	}
	outb(0, ch->ctl);		/* interrupts on again */
	spin_lock_irqsave(&ch->lock, flags);
	ch->polling = false;
	ata_start(ch);			/* whatever queued up meanwhile */
	spin_unlock_irqrestore(&ch->lock, flags);
	return err;
}
