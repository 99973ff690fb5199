/*
 * ahci_port.c - one AHCI port: bring-up, IDENTIFY, turning requests into
 * commands in the port's slots, completions and error recovery.
 *
 * With NCQ (both the HBA and the disk say so) every slot is a tag: up to
 * 32 READ/WRITE FPDMA QUEUED commands are in flight at once, the disk
 * serves them in the order it likes, and a Set Device Bits FIS clears
 * their PxSACT bits as they finish. Without NCQ one READ/WRITE DMA EXT
 * runs at a time and its PxCI bit clears when it is done. A FLUSH CACHE
 * cannot be queued: it waits until nothing else is in flight, and
 * nothing is issued behind it until it is done.
 *
 * Errors (5.3.8 and 6.2.2 of the spec): on a task-file error the port
 * is stopped, cleared, given a COMRESET if the device stays busy, and
 * started again; every command that was in flight goes back to the
 * queue. Which queued command failed the device does not say without
 * the NCQ error log, so a command that was in flight during an error is
 * re-issued alone, without NCQ: if it fails again it alone ends with
 * -EIO. The block layer's request timer (ahci_timed_out) recovers the
 * same way from a command that never ends.
 */
#include "kernel.h"
#include "blkdev.h"
#include "delay.h"
#include "elevator.h"
#include "jiffies.h"
#include "mm.h"
#include "slab.h"
#include "string.h"
#include "asm/io.h"
#include "asm/processor.h"
#include "ahci.h"

#define AHCI_CMD_TIMEOUT_MS	5000
#define AHCI_STOP_WAIT_MS	500	/* PxCMD.CR/FR clear within 500 ms (10.1.2) */
#define AHCI_LINK_WAIT_MS	1000
#define AHCI_ID_WAIT_MS		2000
#define SD_MAJOR		8	/* Linux's SCSI_DISK0_MAJOR: sda.. */

/* Phases of a request, like ata_pio's: flushes around the data. */
enum { PH_PREFLUSH, PH_DATA, PH_POSTFLUSH, PH_DONE };

static const char *pp_name(struct ahci_port *pp)
{
	return pp->disk->disk_name;
}

/* Wait up to @ms for (reg & mask) == val. */
static bool ahci_wait(struct ahci_port *pp, unsigned int reg, u32 mask, u32 val,
		      unsigned int ms)
{
	for (unsigned int i = 0; i <= ms * 10; i++) {
		if ((ahci_readl(pp, reg) & mask) == val)
			return true;
		udelay(100);
	}
	return false;
}

/* Stop the command list and FIS receive (10.1.2). */
static bool ahci_stop(struct ahci_port *pp)
{
	u32 cmd = ahci_readl(pp, PORT_CMD);

	ahci_writel(pp, PORT_CMD, cmd & ~PORT_CMD_START);
	if (!ahci_wait(pp, PORT_CMD, PORT_CMD_LIST_ON, 0, AHCI_STOP_WAIT_MS))
		return false;
	ahci_writel(pp, PORT_CMD, ahci_readl(pp, PORT_CMD) & ~PORT_CMD_FIS_RX);
	return ahci_wait(pp, PORT_CMD, PORT_CMD_FIS_ON, 0, AHCI_STOP_WAIT_MS);
}

static void ahci_start(struct ahci_port *pp)
{
	u32 cmd = ahci_readl(pp, PORT_CMD) | PORT_CMD_FIS_RX | PORT_CMD_POWER_ON |
		  PORT_CMD_SPIN_UP;

	ahci_writel(pp, PORT_CMD, cmd);
	ahci_writel(pp, PORT_CMD, cmd | PORT_CMD_START);
}

/* COMRESET (10.4.2): DET=1 for at least 1 ms, then wait for the link. */
static bool ahci_comreset(struct ahci_port *pp)
{
	u32 sctl = ahci_readl(pp, PORT_SCR_CTL) & ~0xfu;

	pp->resets++;
	ahci_writel(pp, PORT_SCR_CTL, sctl | SCTL_DET_COMRESET);
	mdelay(1);
	ahci_writel(pp, PORT_SCR_CTL, sctl);
	if (!ahci_wait(pp, PORT_SCR_STAT, SSTS_DET_MASK, SSTS_DET_PRESENT, AHCI_LINK_WAIT_MS))
		return false;
	ahci_writel(pp, PORT_SCR_ERR, ~0u);
	return ahci_wait(pp, PORT_TFDATA, ATA_BUSY | ATA_DRQ, 0, AHCI_ID_WAIT_MS);
}

/* Stop, clear, reset the device if it is stuck, start. Queue lock held. */
static void ahci_recover(struct ahci_port *pp)
{
	bool stopped = ahci_stop(pp);

	ahci_writel(pp, PORT_SCR_ERR, ~0u);
	ahci_writel(pp, PORT_IRQ_STAT, ~0u);
	if (!stopped || (ahci_readl(pp, PORT_TFDATA) & (ATA_BUSY | ATA_DRQ))) {
		if (!ahci_comreset(pp))
			pr_err("%s: no link after COMRESET\n", pp_name(pp));
	}
	ahci_start(pp);
}

/* ---- building commands ---- */

static void ahci_fill_fis(struct fis_reg_h2d *fis, u8 command, u64 lba, unsigned int count,
			  bool ncq, unsigned int tag, bool fua)
{
	memset(fis, 0, sizeof(*fis));
	fis->type = FIS_TYPE_REG_H2D;
	fis->flags = FIS_H2D_COMMAND;
	fis->command = command;
	fis->lba0 = (u8)lba;
	fis->lba1 = (u8)(lba >> 8);
	fis->lba2 = (u8)(lba >> 16);
	fis->lba3 = (u8)(lba >> 24);
	fis->lba4 = (u8)(lba >> 32);
	fis->lba5 = (u8)(lba >> 40);
	fis->device = ATA_DEV_LBA;
	if (ncq) {
		/* FPDMA: the count moves to FEATURE, the tag into COUNT 7:3. */
		fis->feature_lo = (u8)count;
		fis->feature_hi = (u8)(count >> 8);
		fis->count_lo = (u8)(tag << 3);
		if (fua)
			fis->device |= 0x80;
	} else {
		fis->count_lo = (u8)count;
		fis->count_hi = (u8)(count >> 8);
	}
}

/* One PRD per segment; @sg already fits the table (AHCI_MAX_PRDS, 4 MiB each). */
static void ahci_fill_prdt(struct ahci_cmd_table *t, const struct scatterlist *sg,
			   unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		phys_addr_t pa = sg_phys(&sg[i]);

		t->prdt[i] = (struct ahci_prd){ .dba = (u32)pa, .dba_hi = (u32)((u64)pa >> 32),
						.flags_size = sg[i].length - 1 };
	}
}

/* Does this request's current phase need the port to itself? */
static bool ahci_exclusive(struct ahci_port *pp, struct request *rq, int phase)
{
	return !pp->ncq || phase != PH_DATA || rq->errors > 0;
}

static int ahci_first_phase(struct request *rq)
{
	if (rq->cmd_flags & REQ_FLUSH)
		return PH_PREFLUSH;
	return blk_rq_bytes(rq) ? PH_DATA : PH_DONE;
}

static int ahci_next_phase(struct request *rq, int phase)
{
	if (phase == PH_PREFLUSH && blk_rq_bytes(rq))
		return PH_DATA;
	if (phase == PH_DATA && (rq->cmd_flags & REQ_FUA))
		return PH_POSTFLUSH;
	return PH_DONE;
}

/* Put @rq's @phase into @slot and issue it. Queue lock held. */
static void ahci_issue(struct ahci_port *pp, unsigned int slot, struct request *rq, int phase)
{
	struct ahci_cmd_table *t = pp->tables[slot];
	struct ahci_cmd_hdr *hdr = &pp->cmd_list[slot];
	bool write = rq_data_dir(rq) == WRITE, ncq = !ahci_exclusive(pp, rq, phase);
	unsigned int nprd = 0;
	u32 opts = AHCI_CMD_CFL(sizeof(struct fis_reg_h2d) / 4);
	u8 cmd;

	rq->special = (void *)(uintptr_t)phase;
	if (phase != PH_DATA) {
		cmd = pp->id.lba48 ? ATA_CMD_FLUSH_EXT : ATA_CMD_FLUSH;
		ahci_fill_fis((struct fis_reg_h2d *)t->cfis, cmd, 0, 0, false, 0, false);
	} else {
		if (ncq)
			cmd = write ? ATA_CMD_FPDMA_WRITE : ATA_CMD_FPDMA_READ;
		else
			cmd = ata_dma_command(pp->id.lba48, write);
		ahci_fill_fis((struct fis_reg_h2d *)t->cfis, cmd, blk_rq_pos(rq),
			      blk_rq_sectors(rq), ncq, slot, false);
		/* The request's segments, as the block layer counted them. */
		nprd = blk_rq_map_sg(pp->queue, rq, pp->sg);
		ahci_fill_prdt(t, pp->sg, nprd);
		if (write)
			opts |= AHCI_CMD_WRITE;
	}
	hdr->opts = opts | AHCI_CMD_PRDTL(nprd);
	hdr->prdbc = 0;
	pp->slot_rq[slot] = rq;
	pp->issued |= 1u << slot;
	pp->commands++;
	/* The command list is in RAM: it must be complete before the doorbell. */
	barrier();
	if (ncq)
		ahci_writel(pp, PORT_SCR_ACT, 1u << slot);
	ahci_writel(pp, PORT_CMD_ISSUE, 1u << slot);
	pp->ncq_max_inflight = max(pp->ncq_max_inflight,
				   (unsigned long)__builtin_popcount(pp->issued));
}

/* Is a command that needs the port alone in flight? */
static bool ahci_exclusive_busy(struct ahci_port *pp)
{
	for (unsigned int s = 0; s < pp->nr_slots; s++)
		if ((pp->issued & (1u << s)) &&
		    ahci_exclusive(pp, pp->slot_rq[s], (int)(uintptr_t)pp->slot_rq[s]->special))
			return true;
	return false;
}

/* Issue what the queue has, as far as slots and the rules allow. Queue lock held. */
static void ahci_issue_pending(struct ahci_port *pp)
{
	while (!pp->polling && pp->issued != (u32)((1ull << pp->nr_slots) - 1) &&
	       !ahci_exclusive_busy(pp)) {
		struct request *rq = elv_next_request(pp->queue);
		unsigned int slot;
		int phase;

		if (!rq)
			return;
		phase = ahci_first_phase(rq);
		if (phase != PH_DONE && ahci_exclusive(pp, rq, phase) && pp->issued)
			return;		/* it waits until the port is empty */
		blk_start_request(rq);
		if (phase == PH_DONE) {
			rq->special = (void *)PH_DONE;
			rq->errors = 0;
			blk_complete_request(rq);	/* an empty request */
			continue;
		}
		slot = (unsigned int)__builtin_ctz(~pp->issued);
		ahci_issue(pp, slot, rq, phase);
	}
}

static void ahci_request_fn(struct request_queue *q)
{
	ahci_issue_pending(q->queuedata);
}

/* BLOCK_SOFTIRQ: the request's result is in rq->errors (0 or -EIO). */
static void ahci_softirq_done(struct request *rq)
{
	int err = rq->errors < 0 ? rq->errors : 0;

	blk_end_request(rq, err, blk_rq_bytes(rq));
}

static void ahci_end(struct request *rq, int err)
{
	rq->errors = err;
	blk_complete_request(rq);
}

/* ---- completions and errors (queue lock held) ---- */

static void ahci_slot_done(struct ahci_port *pp, unsigned int slot)
{
	struct request *rq = pp->slot_rq[slot];
	int phase = ahci_next_phase(rq, (int)(uintptr_t)rq->special);

	pp->issued &= ~(1u << slot);
	pp->slot_rq[slot] = NULL;
	if (phase != PH_DONE) {
		ahci_issue(pp, slot, rq, phase);	/* exclusive: the port is empty */
		return;
	}
	ahci_end(rq, 0);
}

/*
 * Take every command off the port after an error or a timeout: each
 * goes back to the queue to be tried alone, or ends with -EIO if it
 * already was. @why names the trouble for the message.
 */
static void ahci_requeue_all(struct ahci_port *pp, const char *why)
{
	for (unsigned int s = 0; s < pp->nr_slots; s++) {
		struct request *rq = pp->slot_rq[s];

		if (!(pp->issued & (1u << s)))
			continue;
		pp->issued &= ~(1u << s);
		pp->slot_rq[s] = NULL;
		if (rq->errors > 0) {
			pp->errors++;
			pr_err("%s: I/O error, %s of %u sectors at sector %llu failed (%s); "
			       "it ends with -EIO\n", pp_name(pp),
			       (int)(uintptr_t)rq->special != PH_DATA ? "flush" :
			       rq_data_dir(rq) == WRITE ? "write" : "read",
			       blk_rq_sectors(rq), (unsigned long long)blk_rq_pos(rq), why);
			ahci_end(rq, -EIO);
			continue;
		}
		rq->errors = 1;		/* the next try is alone and the last */
		blk_requeue_request(pp->queue, rq);
	}
}

static void ahci_error(struct ahci_port *pp, u32 irq_stat)
{
	u32 tfd = ahci_readl(pp, PORT_TFDATA), serr = ahci_readl(pp, PORT_SCR_ERR);
	u8 st = (u8)tfd, er = (u8)(tfd >> 8);
	char sbuf[96], ebuf[128];

	ata_decode_status(st, sbuf, sizeof(sbuf));
	ata_decode_error(er, ebuf, sizeof(ebuf));
	pr_err("%s: port error: irq status %#x, SError %#x, status 0x%02x { %s } "
	       "error 0x%02x { %s }, %d command(s) in flight\n", pp_name(pp), irq_stat, serr,
	       st, sbuf, er, ebuf, __builtin_popcount(pp->issued));
	ahci_recover(pp);
	ahci_requeue_all(pp, irq_stat & PORT_IRQ_TF_ERR ? "device error" : "host bus error");
}

void ahci_port_interrupt(struct ahci_port *pp)
{
	unsigned long flags;
	u32 stat, busy;

	spin_lock_irqsave(&pp->lock, flags);
	stat = ahci_readl(pp, PORT_IRQ_STAT);
	ahci_writel(pp, PORT_IRQ_STAT, stat);
	if (stat & PORT_IRQ_ERROR) {
		ahci_error(pp, stat);
	} else {
		/* Done: issued, and neither still queued (SACT) nor running (CI). */
		busy = ahci_readl(pp, PORT_CMD_ISSUE);
		if (pp->ncq)
			busy |= ahci_readl(pp, PORT_SCR_ACT);
		for (unsigned int s = 0; s < pp->nr_slots; s++)
			if ((pp->issued & (1u << s)) && !(busy & (1u << s)))
				ahci_slot_done(pp, s);
	}
	ahci_issue_pending(pp);
	spin_unlock_irqrestore(&pp->lock, flags);
}

/* The block layer's timer for a started request ran out. Queue lock held. */
static enum blk_eh_timer_return ahci_timed_out(struct request *rq)
{
	struct ahci_port *pp = rq->q->queuedata;
	bool ours = false;

	for (unsigned int s = 0; s < pp->nr_slots; s++)
		if ((pp->issued & (1u << s)) && pp->slot_rq[s] == rq)
			ours = true;
	if (!ours)
		return BLK_EH_RESET_TIMER;	/* on its way to the softirq */
	pp->timeouts++;
	pr_err("%s: timeout on the command at sector %llu (PxCI %#x, PxSACT %#x, "
	       "status 0x%02x): resetting the port\n", pp_name(pp),
	       (unsigned long long)blk_rq_pos(rq), ahci_readl(pp, PORT_CMD_ISSUE),
	       ahci_readl(pp, PORT_SCR_ACT), ahci_readl(pp, PORT_TFDATA) & 0xff);
	ahci_recover(pp);
	ahci_requeue_all(pp, "timed out");
	ahci_issue_pending(pp);
	return BLK_EH_NOT_HANDLED;
}

/* ---- one command, polled (block_device_operations.rw_polled) ---- */

#define AHCI_POLL_TIMEOUT_MS	30000

/*
 * Run the command built in slot 0's table (@nprd PRDs) with the port's
 * interrupts off, and spin until PxCI clears, reading it every @poll_us,
 * for at most @ms: IDENTIFY at bring-up and rw_polled. 0, -EIO (an error
 * in PxIS, or ERR/DF in the status) or -ETIMEDOUT; *@stat: the last PxIS.
 */
static int ahci_exec_polled(struct ahci_port *pp, unsigned int nprd, bool write,
			    unsigned int ms, unsigned int poll_us, u32 *stat)
{
	u64 end = local_clock() + (u64)ms * 1000000;

	pp->cmd_list[0].opts = AHCI_CMD_CFL(sizeof(struct fis_reg_h2d) / 4) |
			       AHCI_CMD_PRDTL(nprd) | (write ? AHCI_CMD_WRITE : 0);
	pp->cmd_list[0].prdbc = 0;
	/* The command list is in RAM: it must be complete before the doorbell. */
	barrier();
	ahci_writel(pp, PORT_CMD_ISSUE, 1);
	while (ahci_readl(pp, PORT_CMD_ISSUE) & 1) {
		*stat = ahci_readl(pp, PORT_IRQ_STAT);
		if (*stat & PORT_IRQ_ERROR)
			return -EIO;
		if (local_clock() > end)
			return -ETIMEDOUT;
		udelay(poll_us);
	}
	return (ahci_readl(pp, PORT_TFDATA) & (ATA_ERR | ATA_DF)) ? -EIO : 0;
}

/*
 * The HBA's own speed for make bench: one READ/WRITE DMA EXT through
 * slot 0 with the port's interrupts masked, the CPU spinning on PxCI.
 * The port is borrowed while idle (pp->polling keeps the queue from
 * issuing) and handed back with whatever queued up meanwhile.
 */
static int ahci_rw_polled(struct gendisk *disk, int rw, sector_t sector,
			  struct scatterlist *sg, unsigned int nents)
{
	struct ahci_port *pp = disk->private_data;
	struct ahci_cmd_table *t = pp->tables[0];
	bool write = rw & REQ_WRITE;
	int nsect = ata_sg_sectors(sg, nents, AHCI_PRD_MAX_BYTES, pp->id.lba48, sector,
				   get_capacity(disk));
	unsigned long flags;
	u32 irq_mask, stat = 0;
	int err;

	might_sleep();
	if (nsect < 0 || nents > AHCI_MAX_PRDS)
		return -EINVAL;

	spin_lock_irqsave(&pp->lock, flags);
	if (pp->issued || pp->polling) {
		spin_unlock_irqrestore(&pp->lock, flags);
		return -EBUSY;
	}
	pp->polling = true;
	irq_mask = ahci_readl(pp, PORT_IRQ_MASK);
	ahci_writel(pp, PORT_IRQ_MASK, 0);
	spin_unlock_irqrestore(&pp->lock, flags);

	ahci_fill_fis((struct fis_reg_h2d *)t->cfis, ata_dma_command(pp->id.lba48, write),
		      sector, (unsigned int)nsect, false, 0, false);
	ahci_fill_prdt(t, sg, nents);
	/*
	 * Not a tight loop: on QEMU every register read takes the lock that
	 * the thread finishing our DMA needs too, and reading back to back
	 * would slow the very transfer being measured.
	 */
	err = ahci_exec_polled(pp, nents, write, AHCI_POLL_TIMEOUT_MS, 2, &stat);

	spin_lock_irqsave(&pp->lock, flags);
	if (err) {
		pr_err("%s: polled %s of %d sectors at %llu failed (%s, irq status %#x, "
		       "status 0x%02x): resetting the port\n", pp_name(pp),
		       write ? "write" : "read", nsect, (unsigned long long)sector,
		       err == -ETIMEDOUT ? "timed out" : "device error", stat,
		       ahci_readl(pp, PORT_TFDATA) & 0xff);
		ahci_recover(pp);
	}
	ahci_writel(pp, PORT_IRQ_STAT, ~0u);
	ahci_writel(pp, PORT_IRQ_MASK, irq_mask);
	pp->polling = false;
	ahci_issue_pending(pp);
	spin_unlock_irqrestore(&pp->lock, flags);
	return err;
}

static const struct block_device_operations ahci_fops = {
	.rw_polled = ahci_rw_polled,
};

/* ---- bring-up ---- */

/* IDENTIFY DEVICE through slot 0 by polling, port interrupts still off. */
static int ahci_identify(struct ahci_port *pp, u16 *id)
{
	struct ahci_cmd_table *t = pp->tables[0];
	u32 stat;

	ahci_fill_fis((struct fis_reg_h2d *)t->cfis, ATA_CMD_ID_ATA, 0, 0, false, 0, false);
	t->prdt[0] = (struct ahci_prd){ .dba = (u32)__pa(id), .flags_size = 512 - 1 };
	return ahci_exec_polled(pp, 1, false, AHCI_ID_WAIT_MS, 100, &stat);
}

static void ahci_port_free(struct ahci_port *pp)
{
	for (unsigned int s = 0; s < AHCI_MAX_SLOTS; s++)
		if (pp->tables[s])
			free_pages((unsigned long)pp->tables[s], AHCI_CMD_TBL_ORDER);
	if (pp->cmd_list)
		free_page((unsigned long)pp->cmd_list);
	if (pp->queue)
		blk_cleanup_queue(pp->queue);
	kfree(pp->disk);
	kfree(pp);
}

int ahci_port_init(struct ahci_host *host, unsigned int nr, int disk_index)
{
	struct ahci_port *pp = kzalloc(sizeof(*pp), GFP_KERNEL);
	unsigned int hba_slots = ((host->cap >> HOST_CAP_NCS_SHIFT) & 0x1f) + 1;
	u16 *id = NULL;
	u32 sig;
	int err = -ENOMEM;

	if (!pp)
		return err;
	pp->host = host;
	pp->nr = nr;
	pp->mmio = (char *)host->mmio + AHCI_PORT_BASE + nr * AHCI_PORT_SIZE;
	spin_lock_init(&pp->lock);
	pp->disk = alloc_disk();
	if (!pp->disk)
		goto fail;
	snprintf(pp->disk->disk_name, DISK_NAME_LEN, "sd%c", 'a' + disk_index);
	err = -ENODEV;
	if ((ahci_readl(pp, PORT_SCR_STAT) & SSTS_DET_MASK) != SSTS_DET_PRESENT)
		goto fail;		/* nothing plugged in */
	if (!ahci_stop(pp)) {
		pr_err("ahci: port %u does not stop\n", nr);
		goto fail;
	}
	err = -ENOMEM;
	/* One page: the command list (1 KiB aligned) then the received FISes. */
	pp->cmd_list = (void *)__get_free_page(GFP_KERNEL | __GFP_ZERO);
	if (!pp->cmd_list)
		goto fail;
	pp->rx_fis = (char *)pp->cmd_list + 1024;
	for (unsigned int s = 0; s < hba_slots; s++) {
		pp->tables[s] = (void *)__get_free_pages(GFP_KERNEL | __GFP_ZERO,
							 AHCI_CMD_TBL_ORDER);
		if (!pp->tables[s])
			goto fail;
		pp->cmd_list[s].ctba = (u32)__pa(pp->tables[s]);
	}
	ahci_writel(pp, PORT_LST_ADDR, (u32)__pa(pp->cmd_list));
	ahci_writel(pp, PORT_LST_ADDR_HI, 0);
	ahci_writel(pp, PORT_FIS_ADDR, (u32)__pa(pp->rx_fis));
	ahci_writel(pp, PORT_FIS_ADDR_HI, 0);
	ahci_writel(pp, PORT_SCR_ERR, ~0u);
	ahci_writel(pp, PORT_IRQ_STAT, ~0u);
	ahci_writel(pp, PORT_IRQ_MASK, 0);
	ahci_writel(pp, PORT_CMD, ahci_readl(pp, PORT_CMD) | PORT_CMD_FIS_RX);
	ahci_wait(pp, PORT_TFDATA, ATA_BUSY | ATA_DRQ, 0, AHCI_ID_WAIT_MS);
	sig = ahci_readl(pp, PORT_SIG);
	err = -ENODEV;
	if (sig == SATA_SIG_ATAPI) {
		pr_info("ahci: port %u: ATAPI (packet) device, not supported: skipped\n", nr);
		goto fail;
	}
	if (sig != SATA_SIG_ATA) {
		pr_info("ahci: port %u: signature %#x is not a disk: skipped\n", nr, sig);
		goto fail;
	}
	ahci_start(pp);
	id = (u16 *)__get_free_page(GFP_KERNEL);
	if (!id || ahci_identify(pp, id) || ata_parse_identify(id, &pp->id)) {
		pr_err("ahci: port %u: IDENTIFY failed: skipped\n", nr);
		ahci_stop(pp);
		err = -EIO;
		goto fail;
	}
	pp->ncq = (host->cap & HOST_CAP_SNCQ) && pp->id.ncq;
	pp->nr_slots = pp->ncq ? min(hba_slots, pp->id.ncq_depth) : 1;
	err = -ENOMEM;
	pp->queue = blk_init_queue(ahci_request_fn, &pp->lock, NULL);
	if (!pp->queue)
		goto fail;
	pp->queue->queuedata = pp;
	pp->queue->softirq_done_fn = ahci_softirq_done;
	pp->queue->rq_timed_out_fn = ahci_timed_out;
	pp->queue->rq_timeout = msecs_to_jiffies(AHCI_CMD_TIMEOUT_MS);
	/* What one command table can describe. */
	blk_queue_max_segments(pp->queue, AHCI_MAX_PRDS);
	blk_queue_max_segment_size(pp->queue, AHCI_PRD_MAX_BYTES);
	blk_queue_max_sectors(pp->queue, pp->id.lba48 ? ATA_MAX_SECTORS_REQ
						       : ATA_MAX_SECTORS_LBA28);
	pp->disk->queue = pp->queue;
	pp->disk->driver = "ahci";
	pp->disk->private_data = pp;
	pp->disk->fops = &ahci_fops;
	pp->disk->major = SD_MAJOR;
	pp->disk->first_minor = disk_index * 16;
	set_capacity(pp->disk, pp->id.lba48 ? pp->id.sectors :
			       min_t(u64, pp->id.sectors, ATA_LBA28_LIMIT - 1));
	pr_info("%s: %s, SATA disk on AHCI port %u, %s, %s, serial %s\n", pp_name(pp),
		pp->id.model, nr, pp->id.lba48 ? "LBA48" : "LBA28",
		pp->ncq ? "NCQ" : "no NCQ", pp->id.serial[0] ? pp->id.serial : "-");
	if (pp->ncq)
		pr_info("%s: NCQ depth %u\n", pp_name(pp), pp->nr_slots);
	free_page((unsigned long)id);
	host->ports[nr] = pp;
	ahci_writel(pp, PORT_IRQ_STAT, ~0u);
	ahci_writel(pp, PORT_IRQ_MASK, PORT_IRQ_WANTED);
	err = add_disk(pp->disk);
	if (err)
		pr_err("%s: cannot register (error %d)\n", pp_name(pp), err);
	return 0;
fail:
	if (id)
		free_page((unsigned long)id);
	ahci_port_free(pp);
	return err;
}
