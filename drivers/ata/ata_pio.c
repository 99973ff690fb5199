/*
 * ata_pio.c - ATA disks on the two legacy IDE channels, by programmed
 * I/O (the CPU moves every 16-bit word through the data port) or, with
 * ata_bmdma.c, by the channel's bus-master DMA engine.
 *
 * A channel (primary 0x1f0/IRQ14, secondary 0x170/IRQ15) has one command
 * register block shared by two devices, master and slave, so only one
 * command runs per channel at a time. Each disk has its own request queue
 * (hda..hdd, Linux's fixed names by position), and both queues of a
 * channel share its lock; whoever frees the channel looks at both queues,
 * taking turns, so one busy disk cannot starve its neighbour.
 *
 * The path of a read of N sectors (N <= max_sectors, one command):
 *   request_fn -> ata_start: fetch, ata_issue: select the device, write
 *   the taskfile (LBA28, or LBA48 with the high bytes written first),
 *   write READ SECTORS [EXT]
 *   -> IRQ per sector: read status (which acknowledges the interrupt),
 *   insw 256 words into the request's pages
 *   -> after the last: the result goes into the request, the channel
 *   starts its next command at once, and blk_complete_request hands this
 *   one to the BLOCK softirq -> ata_softirq_done: blk_end_request.
 * A write sends the first sector as soon as DRQ is up, then one more per
 * interrupt; the interrupt after the last one means "done".
 *
 * When the PCI IDE function can be bus master (ata_bmdma.c) and the disk
 * does DMA, the data phase is READ/WRITE DMA [EXT] instead: the PRD table
 * is loaded before the command, the engine started after it, and one
 * interrupt ends it all. Disks then show driver "ata_bmdma"; ata_dma=0
 * on the command line keeps them on PIO, for comparison.
 *
 * REQ_FLUSH (before the data) and REQ_FUA (after it) become FLUSH CACHE
 * [EXT] commands around the data, so data written before a flush has
 * reached the medium when the flush completes.
 *
 * Failures: an error status is decoded and named with the device and
 * sector, then retried once; a command that does not finish within
 * ATA_CMD_TIMEOUT_MS (the block layer's request timer calls
 * ata_timed_out) gets a soft reset of the channel and a retry, at most
 * ATA_MAX_RETRIES times. Then the request ends with -EIO for the sectors
 * not done and the channel goes on with the next one.
 */
#include "kernel.h"
#include "blkdev.h"
#include "elevator.h"
#include "init.h"
#include "interrupt.h"
#include "jiffies.h"
#include "slab.h"
#include "asm/io.h"
#include "ata.h"
#include "ata_sff.h"

#define ATA_CMD_TIMEOUT_MS	5000
#define ATA_MAX_RETRIES		2

static struct ata_channel ata_channels[2] = {
	{ .name = "ide0", .cmd = ATA_PRIMARY_CMD, .ctl = ATA_PRIMARY_CTL,
	  .irq = ATA_PRIMARY_IRQ },
	{ .name = "ide1", .cmd = ATA_SECONDARY_CMD, .ctl = ATA_SECONDARY_CTL,
	  .irq = ATA_SECONDARY_IRQ },
};

static const int ata_majors[2] = { 3, 22 };	/* Linux's IDE0_MAJOR, IDE1_MAJOR */

static const char *ata_name(struct ata_disk *d)
{
	return d->disk->disk_name;
}

/* ---- issuing commands ---- */

static void ata_end_command(struct ata_channel *ch, int error, unsigned int good_bytes);
static void ata_next(struct ata_channel *ch);
static void ata_fail(struct ata_channel *ch, const char *why);

/*
 * While a DMA command runs: build the PRD table of the request that
 * ata_start will take next (the same disk order), if it starts with a
 * DMA data phase. Peeking leaves it at the head of its dispatch list.
 */
static void ata_prep_next(struct ata_channel *ch)
{
	if (ch->prep_rq)
		return;			/* a retry: the table is still there */
	for (unsigned int i = 0; i < 2; i++) {
		struct ata_disk *d = ch->disks[(ch->next_unit + i) % 2];
		struct request *rq;

		if (!d || d->queue->plugged || !(rq = elv_next_request(d->queue)))
			continue;
		if (d->dma && blk_rq_bytes(rq) && !(rq->cmd_flags & REQ_FLUSH))
			ata_bmdma_prep(ch, rq);
		return;
	}
}

/* Start the current phase of ch->rq. Channel lock held. */
static void ata_issue(struct ata_channel *ch)
{
	struct ata_disk *d = ch->active;
	struct request *rq = ch->rq;
	bool lba48 = d->id.lba48;
	u64 lba = blk_rq_pos(rq);
	u8 st;

	ch->done = 0;
	st = ata_select(ch, d->unit, 0, ATA_BUSY_WAIT_US) ?
	     ata_wait_not_busy(ch, ATA_BUSY_WAIT_US) : ATA_BUSY;
	if (st & ATA_BUSY) {
		/* Leave it to the request timer: it resets the channel and retries. */
		pr_err("%s: busy (status 0x%02x) before command, waiting for a reset\n",
		       ata_name(d), st);
		return;
	}
	if (ch->phase != ATA_PH_DATA) {
		ch->dma = false;
		ch->command = lba48 ? ATA_CMD_FLUSH_EXT : ATA_CMD_FLUSH;
		ch->nsect = 0;
		outb(ch->command, ch->cmd + ATA_REG_CMD);
		return;
	}
	ch->nsect = blk_rq_sectors(rq);
	ata_cursor_init(&ch->cur, rq);
	ch->dma = d->dma;
	if (ch->dma)
		ata_bmdma_setup(ch);	/* the PRD table before the command */
	ch->command = ch->dma ? ata_dma_command(lba48, rq_data_dir(rq) == WRITE)
			      : ata_pio_command(d, rq_data_dir(rq) == WRITE);
	ch->block = ch->dma ? ch->nsect : d->multi;
	ata_tf_rw(ch, d, lba, ch->nsect, ch->command);
	if (ch->dma) {
		ata_bmdma_start(ch);	/* one interrupt at the end of it all */
		ata_prep_next(ch);
		return;
	}
	if (rq_data_dir(rq) != WRITE)
		return;
	/* A write raises no interrupt for its first sector: wait for DRQ. */
	ata_pause(ch);
	st = ata_wait_not_busy(ch, ATA_BUSY_WAIT_US);
	if ((st & (ATA_BUSY | ATA_DRQ | ATA_ERR | ATA_DF)) != ATA_DRQ)
		return;		/* the interrupt (error) or the timer takes it from here */
	ata_pio_block(ch, true);
}

/* The phase after @ph for this request, skipping those it does not need. */
static enum ata_phase ata_next_phase(struct request *rq, enum ata_phase ph)
{
	switch (ph) {
	case ATA_PH_PREFLUSH:
		if (blk_rq_bytes(rq))
			return ATA_PH_DATA;
		return ATA_PH_DONE;
	case ATA_PH_DATA:
		if (rq->cmd_flags & REQ_FUA)
			return ATA_PH_POSTFLUSH;
		return ATA_PH_DONE;
	default:
		return ATA_PH_DONE;
	}
}

/*
 * Take the next request of either disk, theirs in turn, while the
 * channel is free. Channel lock held.
 */
void ata_start(struct ata_channel *ch)
{
	unsigned int idle = 0;		/* disks looked at in a row with nothing to give */
	struct request *prep;

	if (ch->rq)
		return;
	prep = ch->prep_rq;		/* its table is good only if it comes next */
	ch->prep_rq = NULL;
	while (idle < 2 && !ch->rq && !ch->polling) {
		struct ata_disk *d = ch->disks[ch->next_unit];
		struct request *rq;

		ch->next_unit ^= 1;
		if (!d || d->queue->plugged || !(rq = blk_fetch_request(d->queue))) {
			idle++;
			continue;
		}
		idle = 0;
		ch->active = d;
		ch->rq = rq;
		ch->tries = 0;
		ch->prd_ready = prep == rq;
		if (rq->cmd_flags & REQ_FLUSH)
			ch->phase = ATA_PH_PREFLUSH;
		else
			ch->phase = blk_rq_bytes(rq) ? ATA_PH_DATA : ATA_PH_DONE;
		if (ch->phase == ATA_PH_DONE)
			ata_end_command(ch, 0, 0);	/* nothing to do: an empty request */
		else
			ata_issue(ch);
	}
}

static void ata_request_fn(struct request_queue *q)
{
	struct ata_disk *d = q->queuedata;

	ata_start(d->chan);
}

/*
 * The request is over as far as the channel goes: its result goes into
 * the request (the softirq ends it later), and the channel is free at
 * once. Channel lock held. Freeing the channel here rather than in the
 * softirq is what keeps a DMA channel busy: the next command can start
 * in the same interrupt, and the softirq's work overlaps the transfer.
 */
static void ata_end_command(struct ata_channel *ch, int error, unsigned int good_bytes)
{
	struct request *rq = ch->rq;

	rq->errors = error;
	rq->resid_len = blk_rq_bytes(rq) - good_bytes;
	ch->rq = NULL;
	ch->active = NULL;
	ch->phase = ATA_PH_DONE;
	blk_complete_request(rq);
}

/* All of the request went well: end it, start the next. */
static void ata_finish(struct ata_channel *ch)
{
	ata_end_command(ch, 0, blk_rq_bytes(ch->rq));
	ata_start(ch);
}

/* BLOCK_SOFTIRQ: end the request with the result its command left in it. */
static void ata_softirq_done(struct request *rq)
{
	struct ata_disk *d = rq->q->queuedata;
	struct ata_channel *ch = d->chan;
	unsigned int good = blk_rq_bytes(rq) - rq->resid_len;
	unsigned long flags;

	spin_lock_irqsave(&ch->lock, flags);
	if (good && __blk_end_request(rq, 0, good)) {
		/* The rest fails: end what is left with the error. */
		__blk_end_request_all(rq, rq->errors ? rq->errors : -EIO);
	} else if (!good) {
		__blk_end_request_all(rq, rq->errors);
	}
	/*
	 * The channel took its next request in the interrupt, if the
	 * elevator had one to give then; ending this one may have
	 * released more (CFQ holds back while a request is in the driver).
	 */
	ata_start(ch);
	spin_unlock_irqrestore(&ch->lock, flags);
}

/* ---- errors and timeouts ---- */

/* The LBA the device reports in its registers (where an error happened). */
static u64 ata_read_lba(struct ata_channel *ch, bool lba48)
{
	u64 lba = inb(ch->cmd + ATA_REG_LBAL) | (u64)inb(ch->cmd + ATA_REG_LBAM) << 8 |
		  (u64)inb(ch->cmd + ATA_REG_LBAH) << 16;

	if (lba48) {
		outb(ATA_HOB, ch->ctl);
		lba |= (u64)inb(ch->cmd + ATA_REG_LBAL) << 24 |
		       (u64)inb(ch->cmd + ATA_REG_LBAM) << 32 |
		       (u64)inb(ch->cmd + ATA_REG_LBAH) << 40;
		outb(0, ch->ctl);
	} else {
		lba |= (u64)(inb(ch->cmd + ATA_REG_DEVICE) & 0x0f) << 24;
	}
	return lba;
}

static const char *ata_op(struct ata_channel *ch)
{
	if (ch->phase != ATA_PH_DATA)
		return "flush";
	return rq_data_dir(ch->rq) == WRITE ? "write" : "read";
}

/* Give up on the request: the sectors moved so far are good, the rest fail. */
static void ata_fail(struct ata_channel *ch, const char *why)
{
	struct request *rq = ch->rq;
	unsigned int good = 0;

	/* A write's last block sent may not have reached the medium. */
	if (ch->phase == ATA_PH_DATA && ch->done)
		good = ch->done - (rq_data_dir(rq) == WRITE ? ch->last_block : 0);
	pr_err("%s: I/O error, %s of %u sectors at sector %llu failed (%s); "
	       "%u sectors done, the rest ends with -EIO\n",
	       ata_name(ch->active), ata_op(ch), blk_rq_sectors(rq),
	       (unsigned long long)blk_rq_pos(rq), why, good);
	ch->errors++;
	ata_end_command(ch, -EIO, good << 9);
	ata_start(ch);
}

static void ata_error(struct ata_channel *ch, u8 status)
{
	struct ata_disk *d = ch->active;
	u8 err = inb(ch->cmd + ATA_REG_ERR);
	char sbuf[96], ebuf[128];

	ata_decode_status(status, sbuf, sizeof(sbuf));
	ata_decode_error(err, ebuf, sizeof(ebuf));
	pr_err("%s: %s error at sector %llu: status 0x%02x { %s } error 0x%02x { %s }\n",
	       ata_name(d), ata_op(ch), (unsigned long long)ata_read_lba(ch, d->id.lba48),
	       status, sbuf, err, ebuf);
	/* An aborted command would be aborted again; other errors get one more try. */
	if (!(err & ATA_ABORTED) && ch->tries < 1) {
		ch->tries++;
		ata_issue(ch);
		return;
	}
	ata_fail(ch, status & ATA_DF ? "device fault" : "device error");
}

/*
 * The block layer's request timer ran out for the request in flight
 * (queue lock, i.e. the channel lock, held): reset the channel, retry.
 */
static enum blk_eh_timer_return ata_timed_out(struct request *rq)
{
	struct ata_disk *d = rq->q->queuedata;
	struct ata_channel *ch = d->chan;
	u8 st = ata_altstatus(ch);

	if (ch->rq != rq || ch->phase == ATA_PH_DONE)
		return BLK_EH_RESET_TIMER;	/* already on its way out */
	ch->timeouts++;
	pr_err("%s: timeout: %s command 0x%02x at sector %llu (status 0x%02x), "
	       "resetting %s\n", ata_name(d), ata_op(ch), ch->command,
	       (unsigned long long)blk_rq_pos(rq), st, ch->name);
	if (ch->dma)
		ata_bmdma_stop(ch);
	ata_soft_reset(ch, true);
	if (ch->tries < ATA_MAX_RETRIES) {
		ch->tries++;
		ata_issue(ch);
		return BLK_EH_RESET_TIMER;
	}
	ata_fail(ch, "timed out");
	return BLK_EH_NOT_HANDLED;	/* ended through the softirq */
}

/* ---- the interrupt ---- */

/* The current phase went well: on to the next, or the end. */
static void ata_next(struct ata_channel *ch)
{
	ch->phase = ata_next_phase(ch->rq, ch->phase);
	if (ch->phase == ATA_PH_DONE)
		ata_finish(ch);
	else
		ata_issue(ch);
}

static irqreturn_t ata_interrupt(int irq, void *dev_id)
{
	struct ata_channel *ch = dev_id;
	unsigned long flags;
	u8 st;

	(void)irq;
	spin_lock_irqsave(&ch->lock, flags);
	st = ata_status(ch);		/* acknowledges the device's interrupt */
	ch->irqs++;
	if (!ch->rq || ch->polling || ch->phase == ATA_PH_DONE || (st & ATA_BUSY)) {
		ch->spurious++;
		goto out;
	}
	if (ch->dma && ch->phase == ATA_PH_DATA) {
		u8 bm = ata_bmdma_stop(ch);

		if (st & (ATA_ERR | ATA_DF)) {
			ata_error(ch, st);
		} else if (bm & ATA_DMA_ERR) {
			pr_err("%s: bus-master DMA error (status 0x%02x) at sector %llu\n",
			       ata_name(ch->active), bm, (unsigned long long)blk_rq_pos(ch->rq));
			ata_fail(ch, "DMA error");
		} else {
			ch->done = ch->nsect;
			ata_next(ch);
		}
		goto out;
	}
	if (st & (ATA_ERR | ATA_DF)) {
		ata_error(ch, st);
		goto out;
	}
	if (ch->phase == ATA_PH_DATA) {
		bool write = rq_data_dir(ch->rq) == WRITE;

		if (!write && (st & ATA_DRQ))
			ata_pio_block(ch, false);
		if (ch->done < ch->nsect) {
			/* A write's next block; a read waits for the next interrupt. */
			if (write && (st & ATA_DRQ))
				ata_pio_block(ch, true);
			goto out;
		}
		if (!write && (ata_altstatus(ch) & ATA_ERR)) {
			ata_error(ch, ata_altstatus(ch));
			goto out;
		}
	}
	ata_next(ch);
out:
	spin_unlock_irqrestore(&ch->lock, flags);
	return IRQ_HANDLED;
}

/* ---- finding the disks ---- */

/*
 * IDENTIFY DEVICE by polling, interrupts off at the device (nIEN).
 * Returns 0 with @id filled, -ENODEV if nothing answers, -EMEDIUMTYPE
 * for a packet (ATAPI) device.
 */
static int ata_identify(struct ata_channel *ch, unsigned int unit, u16 *id)
{
	u8 st, m, h;

	if (!ata_select(ch, unit, 0, ATA_BUSY_WAIT_US))
		return -ENODEV;
	/* Registers that keep what is written are a sign of a device. */
	outb(0x55, ch->cmd + ATA_REG_NSECT);
	outb(0xaa, ch->cmd + ATA_REG_LBAL);
	if (inb(ch->cmd + ATA_REG_NSECT) != 0x55 || inb(ch->cmd + ATA_REG_LBAL) != 0xaa)
		return -ENODEV;
	outb(0, ch->cmd + ATA_REG_NSECT);
	outb(0, ch->cmd + ATA_REG_LBAL);
	outb(0, ch->cmd + ATA_REG_LBAM);
	outb(0, ch->cmd + ATA_REG_LBAH);
	outb(ATA_CMD_ID_ATA, ch->cmd + ATA_REG_CMD);
	ata_pause(ch);
	st = ata_status(ch);
	if (!st || st == 0xff)
		return -ENODEV;
	st = ata_wait_not_busy(ch, ATA_RESET_WAIT_MS * 1000UL);
	m = inb(ch->cmd + ATA_REG_LBAM);
	h = inb(ch->cmd + ATA_REG_LBAH);
	if ((m == ATA_SIG_ATAPI_M && h == ATA_SIG_ATAPI_H) ||
	    (m == ATA_SIG_SATA_M && h == ATA_SIG_SATA_H))
		return -EMEDIUMTYPE;
	if ((st & (ATA_BUSY | ATA_ERR | ATA_DRQ)) != ATA_DRQ)
		return -ENODEV;
	insw(ch->cmd + ATA_REG_DATA, id, ATA_ID_WORDS);
	return 0;
}

static const struct block_device_operations ata_fops = {
	.rw_polled = ata_rw_polled,
};

static int ata_add_disk(struct ata_channel *ch, unsigned int nr, unsigned int unit,
			const struct ata_identity *ident)
{
	struct ata_disk *d = kzalloc(sizeof(*d), GFP_KERNEL);
	int err = -ENOMEM;

	if (!d)
		return err;
	d->chan = ch;
	d->unit = unit;
	d->id = *ident;
	d->disk = alloc_disk();
	if (!d->disk)
		goto fail;
	snprintf(d->disk->disk_name, DISK_NAME_LEN, "hd%c", 'a' + nr * 2 + unit);
	d->queue = blk_init_queue(ata_request_fn, &ch->lock, NULL);
	if (!d->queue)
		goto fail;
	d->queue->queuedata = d;
	d->queue->softirq_done_fn = ata_softirq_done;
	d->queue->rq_timed_out_fn = ata_timed_out;
	d->queue->rq_timeout = msecs_to_jiffies(ATA_CMD_TIMEOUT_MS);
	/* One command per request: its sector count field decides the size. */
	blk_queue_max_sectors(d->queue, ident->lba48 ? ATA_MAX_SECTORS_REQ
						     : ATA_MAX_SECTORS_LBA28);
	d->dma = ch->bmdma && ident->dma;
	/* PIO: a DRQ block of several sectors per interrupt, if the disk can. */
	d->multi = 1;
	if (!d->dma && ident->max_multi > 1) {
		d->multi = ident->max_multi;
		if (ata_set_multiple(ch, d))
			d->multi = 1;
	}
	d->disk->driver = d->dma ? "ata_bmdma" : "ata_pio";
	d->disk->queue = d->queue;
	if (d->dma)
		ata_bmdma_limits(d->disk);
	d->disk->private_data = d;
	d->disk->fops = &ata_fops;
	d->disk->major = ata_majors[nr];
	d->disk->first_minor = (int)unit * 64;
	set_capacity(d->disk, ident->lba48 ? ident->sectors
					   : min_t(u64, ident->sectors, ATA_LBA28_LIMIT - 1));
	ch->disks[unit] = d;
	pr_info("%s: %s, ATA DISK drive, %s, %s, serial %s, firmware %s\n",
		d->disk->disk_name, ident->model, ident->lba48 ? "LBA48" : "LBA28",
		d->dma ? "bus-master DMA" : d->multi > 1 ? "PIO, multiple mode" : "PIO",
		ident->serial[0] ? ident->serial : "-", ident->firmware);
	return 0;
fail:
	if (d->queue)
		blk_cleanup_queue(d->queue);
	kfree(d->disk);
	kfree(d);
	return err;
}

static void ata_probe_channel(struct ata_channel *ch, unsigned int nr)
{
	static u16 id[ATA_ID_WORDS];
	struct ata_identity ident;
	int found = 0;

	spin_lock_init(&ch->lock);
	if (inb(ch->cmd + ATA_REG_STATUS) == 0xff)
		return;			/* nothing drives the bus: no channel */
	/* No device latches the Device register: a channel without any reads 0. */
	outb(ATA_DEV_OBS, ch->cmd + ATA_REG_DEVICE);
	ata_pause(ch);
	if (!inb(ch->cmd + ATA_REG_DEVICE))
		return;
	ata_soft_reset(ch, false);
	for (unsigned int unit = 0; unit < 2; unit++) {
		const char *name = nr ? (unit ? "hdd" : "hdc") : (unit ? "hdb" : "hda");
		int err = ata_identify(ch, unit, id);

		if (err == -EMEDIUMTYPE) {
			pr_info("%s: ATAPI (packet) device, not supported: skipped\n", name);
			continue;
		}
		if (err)
			continue;
		if (ata_parse_identify(id, &ident)) {
			pr_warn("%s: IDENTIFY data without LBA or capacity: skipped\n", name);
			continue;
		}
		if (!ata_add_disk(ch, nr, unit, &ident))
			found++;
	}
	if (!found)
		return;
	if (request_irq(ch->irq, ata_interrupt, 0, ch->name, ch)) {
		pr_err("%s: IRQ %u is taken: its disks are not used\n", ch->name, ch->irq);
		return;		/* the disks are left unregistered, never used */
	}
	outb(0, ch->ctl);	/* device interrupts on */
	for (unsigned int unit = 0; unit < 2; unit++)
		if (ch->disks[unit] && add_disk(ch->disks[unit]->disk))
			pr_err("%s: cannot register\n", ch->disks[unit]->disk->disk_name);
}

/*
 * For ktest=ata: reset channel @nr @rounds times, each time with device
 * 1 selected first (as firmware may leave it), and IDENTIFY device 0
 * right after. Returns how many rounds lost device 0; -ENODEV if the
 * channel has no device 0 of ours. Process context; the channel is
 * held for the whole run.
 */
int ata_pio_test_reset(unsigned int nr, unsigned int rounds)
{
	static u16 id[ATA_ID_WORDS];
	struct ata_channel *ch;
	unsigned long flags;
	int lost = 0;

	if (nr >= ARRAY_SIZE(ata_channels) || !ata_channels[nr].disks[0])
		return -ENODEV;
	ch = &ata_channels[nr];
	spin_lock_irqsave(&ch->lock, flags);
	if (ch->rq) {
		spin_unlock_irqrestore(&ch->lock, flags);
		return -EBUSY;
	}
	for (unsigned int i = 0; i < rounds; i++) {
		outb(ATA_DEV_OBS | ATA_DEV_SLAVE, ch->cmd + ATA_REG_DEVICE);
		ata_pause(ch);
		ata_soft_reset(ch, true);
		if (ata_identify(ch, 0, id))
			lost++;
	}
	spin_unlock_irqrestore(&ch->lock, flags);
	return lost;
}

static int ata_pio_init(void)
{
	ata_bmdma_init(ata_channels, ARRAY_SIZE(ata_channels));
	for (unsigned int nr = 0; nr < ARRAY_SIZE(ata_channels); nr++)
		ata_probe_channel(&ata_channels[nr], nr);
	return 0;
}
initcall(ata_pio_init);
