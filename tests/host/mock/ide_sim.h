/*
 * ide_sim.h - a simulated legacy IDE channel for host tests of
 * drivers/ata/ata_sff.c: the port I/O of tests/host/mock/asm/io.h lands
 * here, and so do the driver's clock and delays, so a test's outcome
 * depends only on what the driver does, never on how busy the host is.
 *
 * Time is the model's: each port access costs IDE_SIM_IO_NS, the delay
 * functions add what they ask for, and ata_sff.c's local_clock() is
 * ide_sim_clock() (tests/host/Makefile renames it for that one object).
 *
 * A soft reset ends after a set number of port accesses, not after a
 * time: QEMU finishes SRST in a bottom half that runs whenever its main
 * loop gets to it, which on a loaded host may be after any number of the
 * guest's accesses and any wall time, so a delay in the driver proves
 * nothing. Sweeping that number over 0, 1, 2, ... ends the reset before
 * each access of the driver's sequence in turn.
 */
#ifndef _LANTERN_IDE_SIM_H
#define _LANTERN_IDE_SIM_H

#include "types.h"

#define IDE_SIM_CMD	0x1f0		/* command block, as the primary channel */
#define IDE_SIM_CTL	0x3f6		/* Alternate Status / Device Control */
#define IDE_SIM_IO_NS	1000		/* one access: a trip through an emulator */
#define IDE_SIM_NEVER	(~0UL)		/* a reset that never ends */

struct ide_sim {
	/* Set by ide_sim_init(); a test may change them before the reset. */
	bool present[2];		/* master, slave */
	unsigned long srst_accesses;	/* accesses a reset lasts, after the SRST write */
	/*
	 * What the end of a reset does to the selection. ATA (ATA8-APT:
	 * SRST clears DEV in both devices) selects device 0. QEMU resets
	 * each device's Device register image to 0xa0 but keeps bus->unit,
	 * its own record of which device is selected: reads and commands
	 * still go to the device selected before, while the Device
	 * register reads back as device 0.
	 */
	bool srst_selects_dev0;

	/* Channel state. */
	unsigned int unit;		/* the selected device (QEMU's bus->unit) */
	u8 select[2];			/* each device's Device register */
	u8 nsect[2];			/* each device's Sector Count register */
	bool busy[2];			/* BSY, absent devices too (as QEMU's IDEState) */
	u8 ctl;				/* the last Device Control value */
	bool resetting;
	unsigned long since_srst;	/* accesses since the SRST write */

	/* What the test looks at. */
	u64 clock_ns;
	unsigned long accesses;
	unsigned long ignored_writes;	/* while the selected device was busy */
	unsigned long commands[2];	/* accepted by each device */
	u8 last_command[2];
	u8 multi[2];			/* SET MULTIPLE MODE's count; 0: the default, as after a reset */
	unsigned long resets_done;
};

extern struct ide_sim ide_sim;

/*
 * A channel out of power-on: @master and @slave present or not, device
 * 0 selected, nothing busy, the clock at a fixed start. A soft reset
 * will last @srst_accesses port accesses. QEMU's selection rule.
 */
void ide_sim_init(bool master, bool slave, unsigned long srst_accesses);

/* The simulated clock, in ns: ata_sff.c's local_clock(). */
u64 ide_sim_clock(void);

#endif
