/*
 * ata_sff.h - the legacy IDE channel as ata_pio.c and ata_bmdma.c share
 * it ("SFF": the register interface of the SFF-8038i standard that PC
 * IDE controllers follow). Private to drivers/ata.
 */
#ifndef _LANTERN_ATA_SFF_H
#define _LANTERN_ATA_SFF_H

#include "blkdev.h"
#include "delay.h"
#include "ata.h"
#include "scatterlist.h"
#include "asm/io.h"

/* One PRD entry (SFF-8038i): a region that must not cross 64 KiB. */
struct ata_prd {
	u32 addr;
	u32 flags_len;		/* bytes 15:0 (0 means 64 KiB), end of table: bit 31 */
};
_Static_assert(sizeof(struct ata_prd) == 8, "a PRD entry is 8 bytes (SFF-8038i)");
#define ATA_PRD_EOT		(1u << 31)
#define ATA_BMDMA_PRDS		256	/* the queue's segment limit: a 1 MiB bio of pages */
#define ATA_BMDMA_BOUNDARY	0xffff	/* no region crosses 64 KiB */
#define ATA_BMDMA_MAX_SEG	65536
_Static_assert(2 * ATA_BMDMA_PRDS * sizeof(struct ata_prd) <= PAGE_SIZE,
	       "two PRD tables fit the PRD page (which never crosses 64 KiB)");

#define ATA_BUSY_WAIT_US	100000	/* selection and DRQ: the device is quick or broken */
#define ATA_RESET_WAIT_MS	2000	/* BSY after a soft reset (spin-up would be 31 s) */

enum ata_phase { ATA_PH_PREFLUSH, ATA_PH_DATA, ATA_PH_POSTFLUSH, ATA_PH_DONE };

struct ata_channel;

struct ata_disk {
	struct ata_channel *chan;
	unsigned int unit;		/* 0 master, 1 slave */
	struct ata_identity id;
	bool dma;			/* data by bus-master DMA, else PIO */
	unsigned int multi;		/* PIO: sectors per interrupt (SET MULTIPLE MODE); 1: none */
	struct gendisk *disk;
	struct request_queue *queue;
};

/* Where the data of the command in flight is: bio, vector, offset. */
struct ata_cursor {
	struct bio *bio;
	unsigned int idx, off;
};

struct ata_channel {
	const char *name;		/* "ide0" */
	u16 cmd, ctl;
	unsigned int irq;
	spinlock_t lock;		/* both disks' queue lock; all below */
	struct ata_disk *disks[2];
	unsigned int next_unit;		/* whose queue is looked at first */

	/* The request in flight: at most one per channel. */
	struct ata_disk *active;
	struct request *rq;
	enum ata_phase phase;
	u8 command;
	unsigned int nsect, done;	/* sectors in the data command, moved so far */
	unsigned int block;		/* PIO: sectors per DRQ block of that command */
	unsigned int last_block;	/* sectors in the block moved last */
	struct ata_cursor cur;
	int tries;			/* of the current command */

	/* Bus-master DMA (ata_bmdma.c), when the PCI IDE function allows it. */
	u16 bmdma;			/* its registers; 0: PIO only */
	u8 bmdma_cmd;			/* what we last wrote to its command register */
	/*
	 * Two PRD tables in one page: the command in flight uses half
	 * prd_half. While it runs, the request next in line (prep_rq, still
	 * at the head of the dispatch list, where bios no longer merge into
	 * it) gets its table built in the other half, so the interrupt that
	 * ends one command starts the next without walking 256 pages first.
	 */
	struct ata_prd *prd;
	unsigned int prd_half;
	struct request *prep_rq;	/* whose table is built in the other half */
	bool prd_ready;			/* ch->rq is prep_rq: its table is built */
	struct scatterlist sg[ATA_BMDMA_PRDS];	/* the request being mapped */
	bool dma;			/* the command in flight moves data by DMA */
	bool polling;			/* ata_rw_polled() has the channel: start nothing */

	unsigned long irqs, spurious, timeouts, resets, errors;
};

static inline u8 ata_status(struct ata_channel *ch)
{
	return inb(ch->cmd + ATA_REG_STATUS);
}

/* The Alternate Status register: the same bits, without acknowledging an IRQ. */
static inline u8 ata_altstatus(struct ata_channel *ch)
{
	return inb(ch->ctl);
}

/*
 * A device needs 400 ns after a select or a command before its status
 * is valid. One read pushes the write out to the device; then wait on
 * the clock (four reads would do on an ISA bus, but under emulation
 * each read is a trip through the emulator, costing far more than 400 ns).
 */
static inline void ata_pause(struct ata_channel *ch)
{
	ata_altstatus(ch);
	ndelay(400);
}

/* ata_sff.c */

/* SET MULTIPLE MODE to d->multi, polled (nIEN); 0 or -EIO. */
int ata_set_multiple(struct ata_channel *ch, struct ata_disk *d);
/* Point @c at the first byte of @rq's data. */
void ata_cursor_init(struct ata_cursor *c, struct request *rq);

/* Spin until BSY clears; the last status, or one with BSY still set. */
u8 ata_wait_not_busy(struct ata_channel *ch, unsigned long usecs);
/* Select @unit (LBA bits 27:24 in @lba_high) and see that it took; false if not. */
bool ata_select(struct ata_channel *ch, unsigned int unit, u8 lba_high, unsigned long usecs);
/* SRST both devices and wait for device 0; device interrupts on if @irqs. */
void ata_soft_reset(struct ata_channel *ch, bool irqs);
/* The PIO data phase of one DRQ block (ch->block sectors, fewer at the end). */
void ata_pio_block(struct ata_channel *ch, bool write);
/* The PIO read/write command for @d: READ/WRITE MULTIPLE when it has a block size. */
u8 ata_pio_command(struct ata_disk *d, bool write);
/* Task file and command of a read/write of @nsect sectors at @lba. */
void ata_tf_rw(struct ata_channel *ch, struct ata_disk *d, u64 lba, unsigned int nsect,
	       u8 command);

/* ata_pio.c: start the channel's next request, if it is free. Channel lock held. */
void ata_start(struct ata_channel *ch);

/* ata_polled.c: block_device_operations.rw_polled for hd* disks. */
int ata_rw_polled(struct gendisk *disk, int rw, sector_t sector,
		  struct scatterlist *sg, unsigned int nents);

/* ata_pio.c, for ktest=ata: resets that must not lose device 0. */
int ata_pio_test_reset(unsigned int nr, unsigned int rounds);

/* ata_bmdma.c */

/* Bus-master registers, from the channel's base (BAR4, +8 for the secondary). */
#define ATA_BMDMA_CMD		0	/* bit 0 start, bit 3: 1 = to memory (a read) */
#define ATA_BMDMA_STATUS	2	/* bit 0 active, 1 error, 2 interrupt (write 1 to clear) */
#define ATA_BMDMA_PRD_ADDR	4
#define ATA_DMA_START		0x01
#define ATA_DMA_WR		0x08
#define ATA_DMA_ACTIVE		0x01
#define ATA_DMA_ERR		0x02
#define ATA_DMA_INTR		0x04

/*
 * Find the PIIX (or any bus-master IDE) PCI function and give the legacy
 * channels their bus-master registers; false if there is none, or DMA
 * is off (ata_dma=0). Process context, before the channels are probed.
 */
bool ata_bmdma_init(struct ata_channel *channels, unsigned int n);
/* Set @disk's queue limits to what the PRD table can describe. */
void ata_bmdma_limits(struct gendisk *disk);
/* Build the PRD table for ch->rq and load it; before the ATA command. */
void ata_bmdma_setup(struct ata_channel *ch);
/* The same for @n segments that already fit the PRD rules. */
void ata_bmdma_load(struct ata_channel *ch, const struct scatterlist *sg, unsigned int n,
		    bool write);
/*
 * Build @rq's PRD table in the half not in use, while the command in
 * flight runs; ata_start hands it over if @rq is what it fetches next.
 */
void ata_bmdma_prep(struct ata_channel *ch, struct request *rq);
/* After the ATA command: go. */
void ata_bmdma_start(struct ata_channel *ch);
/* In the interrupt: stop the engine; its status (ATA_DMA_*). */
u8 ata_bmdma_stop(struct ata_channel *ch);
/* Has the engine raised its interrupt? (Read without side effects.) */
bool ata_bmdma_irq_pending(struct ata_channel *ch);

#endif
