/*
 * ahci.h - the Serial ATA AHCI 1.3.1 register interface, and the
 * driver's own structures (drivers/ata/ahci.c for the HBA, ahci_port.c
 * for ports and commands). Section numbers are the AHCI 1.3.1 spec's.
 *
 * An AHCI HBA is a PCI device (class 01.06.01) whose registers sit in
 * memory BAR 5 (ABAR). Each port has a command list of 32 slots in RAM;
 * software fills a slot's command header and command table (the FIS to
 * send and a PRD table describing the data), sets the slot's bit in
 * PxCI, and the HBA does the rest by DMA, writing the device's answer
 * FISes into the port's received-FIS area and raising an interrupt.
 */
#ifndef _LANTERN_AHCI_H
#define _LANTERN_AHCI_H

#include "types.h"
#include "blkdev.h"
#include "ata.h"

/* Generic host control registers (3.1), offsets in ABAR. */
#define HOST_CAP		0x00
#define  HOST_CAP_NP_MASK	0x1f		/* ports - 1 */
#define  HOST_CAP_NCS_SHIFT	8		/* command slots - 1, 5 bits */
#define  HOST_CAP_SNCQ		(1u << 30)	/* native command queuing */
#define  HOST_CAP_S64A		(1u << 31)	/* 64-bit addressing */
#define HOST_CTL		0x04		/* GHC */
#define  HOST_CTL_HR		(1u << 0)	/* HBA reset */
#define  HOST_CTL_IE		(1u << 1)	/* interrupt enable */
#define  HOST_CTL_AE		(1u << 31)	/* AHCI enable */
#define HOST_IRQ_STAT		0x08		/* IS: one bit per port, write 1 to clear */
#define HOST_PORTS_IMPL		0x0c		/* PI */
#define HOST_VERSION		0x10		/* VS */

/* Port registers (3.3): 0x80 bytes each from 0x100. */
#define AHCI_PORT_BASE		0x100
#define AHCI_PORT_SIZE		0x80
#define PORT_LST_ADDR		0x00		/* PxCLB: command list, 1 KiB aligned */
#define PORT_LST_ADDR_HI	0x04
#define PORT_FIS_ADDR		0x08		/* PxFB: received FIS, 256 B aligned */
#define PORT_FIS_ADDR_HI	0x0c
#define PORT_IRQ_STAT		0x10		/* PxIS, write 1 to clear */
#define PORT_IRQ_MASK		0x14		/* PxIE */
#define PORT_CMD		0x18		/* PxCMD */
#define PORT_TFDATA		0x20		/* PxTFD: status 7:0, error 15:8 */
#define PORT_SIG		0x24		/* PxSIG */
#define PORT_SCR_STAT		0x28		/* PxSSTS (SStatus) */
#define PORT_SCR_CTL		0x2c		/* PxSCTL (SControl) */
#define PORT_SCR_ERR		0x30		/* PxSERR, write 1 to clear */
#define PORT_SCR_ACT		0x34		/* PxSACT: NCQ tags outstanding */
#define PORT_CMD_ISSUE		0x38		/* PxCI: slots issued, not yet done */

/* PxIS / PxIE bits (3.3.5). */
#define PORT_IRQ_D2H_REG_FIS	(1u << 0)	/* a command ended (non-NCQ) */
#define PORT_IRQ_PIOS_FIS	(1u << 1)
#define PORT_IRQ_DMAS_FIS	(1u << 2)
#define PORT_IRQ_SDB_FIS	(1u << 3)	/* Set Device Bits: NCQ completions */
#define PORT_IRQ_UNK_FIS	(1u << 4)
#define PORT_IRQ_SG_DONE	(1u << 5)	/* a PRD with the I bit finished */
#define PORT_IRQ_CONNECT	(1u << 6)
#define PORT_IRQ_PHYRDY		(1u << 22)
#define PORT_IRQ_BAD_PMP	(1u << 23)
#define PORT_IRQ_OVERFLOW	(1u << 24)
#define PORT_IRQ_IF_NONFATAL	(1u << 26)
#define PORT_IRQ_IF_ERR		(1u << 27)
#define PORT_IRQ_HBUS_DATA_ERR	(1u << 28)
#define PORT_IRQ_HBUS_ERR	(1u << 29)
#define PORT_IRQ_TF_ERR		(1u << 30)	/* the device reported an error */
#define PORT_IRQ_COLD_PRES	(1u << 31)
#define PORT_IRQ_ERROR		(PORT_IRQ_TF_ERR | PORT_IRQ_HBUS_ERR | PORT_IRQ_HBUS_DATA_ERR | \
				 PORT_IRQ_IF_ERR | PORT_IRQ_OVERFLOW | PORT_IRQ_BAD_PMP | \
				 PORT_IRQ_UNK_FIS)
#define PORT_IRQ_WANTED		(PORT_IRQ_ERROR | PORT_IRQ_D2H_REG_FIS | PORT_IRQ_PIOS_FIS | \
				 PORT_IRQ_DMAS_FIS | PORT_IRQ_SDB_FIS | PORT_IRQ_SG_DONE)

/* PxCMD bits (3.3.7). */
#define PORT_CMD_START		(1u << 0)	/* ST: process the command list */
#define PORT_CMD_SPIN_UP	(1u << 1)
#define PORT_CMD_POWER_ON	(1u << 2)
#define PORT_CMD_FIS_RX		(1u << 4)	/* FRE: accept FISes */
#define PORT_CMD_FIS_ON		(1u << 14)	/* FR: FIS receive running */
#define PORT_CMD_LIST_ON	(1u << 15)	/* CR: command list running */
#define PORT_CMD_ICC_ACTIVE	(1u << 28)

/* PxSSTS.DET (3.3.10): 3 = device present and link up. */
#define SSTS_DET_MASK		0xf
#define SSTS_DET_PRESENT	3
/* PxSCTL.DET (3.3.11): 1 = send COMRESET. */
#define SCTL_DET_COMRESET	1

/* PxSIG values: what kind of device answered (3.3.9). */
#define SATA_SIG_ATA		0x00000101
#define SATA_SIG_ATAPI		0xeb140101
#define SATA_SIG_PM		0x96690101	/* port multiplier */

/* FIS types (SATA 3.x, 10.3). */
#define FIS_TYPE_REG_H2D	0x27
#define FIS_TYPE_REG_D2H	0x34
#define FIS_H2D_COMMAND		0x80		/* C bit: a command, not control */

/* Register - Host to Device FIS (SATA 10.3.4): 20 bytes. */
struct fis_reg_h2d {
	u8 type;		/* FIS_TYPE_REG_H2D */
	u8 flags;		/* FIS_H2D_COMMAND, PM port */
	u8 command;
	u8 feature_lo;		/* NCQ: sector count 7:0 */
	u8 lba0, lba1, lba2;
	u8 device;		/* bit 6 LBA; NCQ: bit 7 FUA */
	u8 lba3, lba4, lba5;
	u8 feature_hi;		/* NCQ: sector count 15:8 */
	u8 count_lo;		/* NCQ: tag << 3 */
	u8 count_hi;
	u8 icc;
	u8 control;
	u8 reserved[4];
};
_Static_assert(sizeof(struct fis_reg_h2d) == 20, "H2D register FIS is 5 dwords (SATA 10.3.4)");
_Static_assert(__builtin_offsetof(struct fis_reg_h2d, device) == 7, "device register at byte 7");
_Static_assert(__builtin_offsetof(struct fis_reg_h2d, count_lo) == 12, "count at byte 12");

/* Command header (4.2.2): 32 bytes, 32 of them form the command list. */
struct ahci_cmd_hdr {
	u32 opts;		/* CFL 4:0, A 5, W 6, P 7, C 10, PRDTL 31:16 */
	u32 prdbc;		/* bytes transferred, written by the HBA */
	u32 ctba;		/* command table, 128-byte aligned */
	u32 ctba_hi;
	u32 reserved[4];
};
_Static_assert(sizeof(struct ahci_cmd_hdr) == 32, "command header is 8 dwords (4.2.2)");
_Static_assert(__builtin_offsetof(struct ahci_cmd_hdr, ctba) == 8, "CTBA is DW2 (4.2.2)");
#define AHCI_CMD_CFL(dwords)	((u32)(dwords) & 0x1f)
#define AHCI_CMD_WRITE		(1u << 6)
#define AHCI_CMD_PREFETCH	(1u << 7)
#define AHCI_CMD_CLR_BUSY	(1u << 10)
#define AHCI_CMD_PRDTL(n)	((u32)(n) << 16)

/* Physical region descriptor (4.2.3.3): 16 bytes. */
struct ahci_prd {
	u32 dba;		/* data address; bit 0 must be 0 */
	u32 dba_hi;
	u32 reserved;
	u32 flags_size;		/* DBC 21:0 = bytes - 1 (odd: even count), I bit 31 */
};
_Static_assert(sizeof(struct ahci_prd) == 16, "PRD entry is 4 dwords (4.2.3.3)");
#define AHCI_PRD_MAX_BYTES	(4u << 20)	/* DBC is 22 bits */
#define AHCI_PRD_IRQ		(1u << 31)

/*
 * Command table (4.2.3): the command FIS at 0x00, an ATAPI command at
 * 0x40, the PRD table from 0x80 (up to 65535 entries). We give each
 * slot two pages, room for 256 PRDs: a bio of BIO_MAX_PAGES scattered
 * pages then goes to the disk as one command.
 */
#define AHCI_CMD_TBL_CFIS	0x00
#define AHCI_CMD_TBL_ACMD	0x40
#define AHCI_CMD_TBL_PRDT	0x80
#define AHCI_CMD_TBL_ORDER	1
#define AHCI_MAX_PRDS		256
struct ahci_cmd_table {
	u8 cfis[64];
	u8 acmd[16];
	u8 reserved[48];
	struct ahci_prd prdt[AHCI_MAX_PRDS];
};
_Static_assert(__builtin_offsetof(struct ahci_cmd_table, acmd) == AHCI_CMD_TBL_ACMD,
	       "ATAPI command at 0x40 (4.2.3)");
_Static_assert(__builtin_offsetof(struct ahci_cmd_table, prdt) == AHCI_CMD_TBL_PRDT,
	       "PRD table at 0x80 (4.2.3)");
_Static_assert(sizeof(struct ahci_cmd_table) <= (4096 << AHCI_CMD_TBL_ORDER),
	       "a command table fits its pages");

/* Received FIS area (4.2.1): 256 bytes. */
#define AHCI_RX_FIS_SZ		256
#define AHCI_RX_FIS_D2H		0x40		/* the last Register D2H FIS */
#define AHCI_MAX_SLOTS		32

struct ahci_host;

/* One SATA port with a disk on it. Fields below lock are under it. */
struct ahci_port {
	struct ahci_host *host;
	unsigned int nr;		/* port number on the HBA */
	void *mmio;			/* this port's registers */
	struct ahci_cmd_hdr *cmd_list;	/* 32 headers, 1 KiB */
	void *rx_fis;
	struct ahci_cmd_table *tables[AHCI_MAX_SLOTS];
	struct ata_identity id;
	struct gendisk *disk;
	struct request_queue *queue;
	spinlock_t lock;		/* the queue lock */
	unsigned int nr_slots;		/* tags we may use: 1 without NCQ */
	bool ncq;
	struct request *slot_rq[AHCI_MAX_SLOTS];
	struct scatterlist sg[AHCI_MAX_PRDS];	/* the request being issued */
	u32 issued;			/* slots handed to the HBA */
	bool polling;			/* ahci_rw_polled() has the port: issue nothing */
	unsigned long commands, ncq_max_inflight, errors, timeouts, resets;
};

struct ahci_host {
	void *mmio;			/* ABAR */
	unsigned int irq;
	u32 cap, ports_impl;
	struct ahci_port *ports[32];
};

/* ahci_port.c */
int ahci_port_init(struct ahci_host *host, unsigned int nr, int disk_index);
void ahci_port_interrupt(struct ahci_port *pp);

static inline u32 ahci_readl(struct ahci_port *pp, unsigned int reg)
{
	return *(volatile u32 *)((char *)pp->mmio + reg);
}

static inline void ahci_writel(struct ahci_port *pp, unsigned int reg, u32 v)
{
	*(volatile u32 *)((char *)pp->mmio + reg) = v;
}

#endif
