/*
 * ata_bmdma.c - bus-master DMA for the legacy IDE channels (PIIX and
 * every SFF-8038i controller): the channel's own DMA engine moves the
 * data, so the CPU only sets up the command.
 *
 * The engine reads a PRD table: entries of (32-bit physical address,
 * byte count up to 64 KiB), no entry crossing a 64 KiB boundary, the
 * last one marked. Those rules become the queue's limits (max segment
 * size 64 KiB, segment boundary 0xffff, 128 segments, nothing above
 * 4 GiB), so the block layer's segment counting and bounce buffers do
 * the real work and every segment here is exactly one PRD.
 *
 * The command's order (SFF-8038i, "Standard Programming Sequence"):
 * load the PRD table and the direction, clear the status bits, write the
 * ATA command (READ/WRITE DMA [EXT]), then set Start. The device's
 * interrupt arrives with the engine's interrupt bit set; the handler
 * clears Start, reads both statuses and clears the engine's.
 */
#include "kernel.h"
#include "blkdev.h"
#include "init.h"
#include "mm.h"
#include "pci.h"
#include "string.h"
#include "asm/io.h"
#include "ata_sff.h"

#define PIIX_BMDMA_BAR		4
#define PCI_PROG_IF_BUS_MASTER	0x80	/* IDE prog-if bit 7 (PCI IDE Controller spec) */

static bool ata_dma_on = true;

static int ata_dma_setup(char *val)
{
	unsigned long v;

	if (kstrtoul(val, 10, &v) || v > 1)
		return -EINVAL;
	ata_dma_on = v;
	return 0;
}
__setup_help("ata_dma=", ata_dma_setup,
	     "0|1: IDE disks move data by bus-master DMA (1, default) or PIO (0)");

static u16 ata_bmdma_base;

static int ata_bmdma_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	(void)id;
	if (!(pdev->class & PCI_PROG_IF_BUS_MASTER) ||
	    !(pci_resource_flags(pdev, PIIX_BMDMA_BAR) & IORESOURCE_IO) ||
	    pci_resource_len(pdev, PIIX_BMDMA_BAR) < 16)
		return -ENODEV;
	if (pci_enable_device(pdev))
		return -ENODEV;
	pci_set_master(pdev);
	ata_bmdma_base = (u16)pci_resource_start(pdev, PIIX_BMDMA_BAR);
	pr_info("ata_bmdma %s: bus-master DMA at I/O %#x\n", pci_name(pdev), ata_bmdma_base);
	return 0;
}

static const struct pci_device_id ata_bmdma_ids[] = {
	{ PCI_DEVICE_CLASS(0x010100, 0xffff00) },	/* IDE, any programming interface */
	{ 0 }
};

static struct pci_driver ata_bmdma_driver = {
	.name = "ata_bmdma",
	.id_table = ata_bmdma_ids,
	.probe = ata_bmdma_probe,
};

bool ata_bmdma_init(struct ata_channel *channels, unsigned int n)
{
	if (!ata_dma_on) {
		pr_info("ata: DMA off (ata_dma=0): IDE disks use PIO\n");
		return false;
	}
	if (pci_register_driver(&ata_bmdma_driver) || !ata_bmdma_base)
		return false;
	for (unsigned int i = 0; i < n && i < 2; i++) {
		channels[i].prd = (void *)get_zeroed_page(GFP_KERNEL);
		if (channels[i].prd)
			channels[i].bmdma = (u16)(ata_bmdma_base + i * 8);
	}
	return true;
}

void ata_bmdma_limits(struct gendisk *disk)
{
	struct request_queue *q = disk->queue;

	blk_queue_max_segments(q, ATA_BMDMA_PRDS);
	blk_queue_max_segment_size(q, ATA_BMDMA_MAX_SEG);
	blk_queue_segment_boundary(q, ATA_BMDMA_BOUNDARY);
	if (blk_queue_bounce_setup(q, 0xffffffffULL))
		pr_warn("%s: no bounce pool: DMA above 4 GiB would fail\n", disk->disk_name);
}

/* Write @n segments into PRD table @half (each half holds ATA_BMDMA_PRDS). */
static void ata_bmdma_fill(struct ata_channel *ch, unsigned int half,
			   const struct scatterlist *sg, unsigned int n)
{
	struct ata_prd *prd = ch->prd + half * ATA_BMDMA_PRDS;

	for (unsigned int i = 0; i < n; i++)
		prd[i] = (struct ata_prd){ .addr = (u32)sg_phys(&sg[i]),
					   .flags_len = sg[i].length & 0xffff }; /* 64 KiB is 0 */
	prd[n - 1].flags_len |= ATA_PRD_EOT;
}

/* Point the engine at table ch->prd_half, direction set, status cleared. */
static void ata_bmdma_program(struct ata_channel *ch, bool write)
{
	outl((u32)__pa(ch->prd + ch->prd_half * ATA_BMDMA_PRDS),
	     ch->bmdma + ATA_BMDMA_PRD_ADDR);
	/* Direction: "write to memory" is the disk's read. */
	ch->bmdma_cmd = write ? 0 : ATA_DMA_WR;
	outb(ch->bmdma_cmd, ch->bmdma + ATA_BMDMA_CMD);
	outb(ATA_DMA_ERR | ATA_DMA_INTR, ch->bmdma + ATA_BMDMA_STATUS);
}

void ata_bmdma_load(struct ata_channel *ch, const struct scatterlist *sg, unsigned int n,
		    bool write)
{
	ata_bmdma_fill(ch, ch->prd_half, sg, n);
	ata_bmdma_program(ch, write);
}

void ata_bmdma_setup(struct ata_channel *ch)
{
	if (ch->prd_ready) {
		/* Built while the last command ran: just switch tables. */
		ch->prd_half ^= 1;
		ch->prd_ready = false;
	} else {
		/* Segments as the block layer counted them within our limits: one PRD each. */
		ata_bmdma_fill(ch, ch->prd_half, ch->sg, blk_rq_map_sg(ch->rq->q, ch->rq, ch->sg));
	}
	ata_bmdma_program(ch, rq_data_dir(ch->rq) == WRITE);
}

void ata_bmdma_prep(struct ata_channel *ch, struct request *rq)
{
	ata_bmdma_fill(ch, ch->prd_half ^ 1, ch->sg, blk_rq_map_sg(rq->q, rq, ch->sg));
	ch->prep_rq = rq;
}

void ata_bmdma_start(struct ata_channel *ch)
{
	/* The command register as ata_bmdma_program left it: no read needed. */
	outb(ch->bmdma_cmd | ATA_DMA_START, ch->bmdma + ATA_BMDMA_CMD);
}

u8 ata_bmdma_stop(struct ata_channel *ch)
{
	u8 st;

	outb(ch->bmdma_cmd, ch->bmdma + ATA_BMDMA_CMD);	/* START off */
	st = inb(ch->bmdma + ATA_BMDMA_STATUS);
	outb(st | ATA_DMA_ERR | ATA_DMA_INTR, ch->bmdma + ATA_BMDMA_STATUS);
	return st;
}

bool ata_bmdma_irq_pending(struct ata_channel *ch)
{
	return inb(ch->bmdma + ATA_BMDMA_STATUS) & ATA_DMA_INTR;
}
