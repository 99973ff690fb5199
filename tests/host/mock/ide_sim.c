/*
 * ide_sim.c - the simulated IDE channel of ide_sim.h: just enough of
 * QEMU's hw/ide/core.c to test selecting a device and soft reset.
 *
 * What is modelled, and why so (QEMU's behaviour where it decides):
 * - SRST rising edge in Device Control: both devices' BSY set, present
 *   or not (ide_ctrl_write sets BUSY_STAT on both IDEStates); the reset
 *   itself runs later (a bottom half), here after ide_sim.srst_accesses
 *   further port accesses. It then clears BSY, puts each Device register
 *   back to 0xa0 and clears SRST in Device Control (ide_bus_perform_srst).
 * - Writes to the Device register and the rest of the task file are
 *   ignored while the *selected* device is BSY (ide_ioport_write checks
 *   only the active device, ATA8-APT 5.2 says each device does); an
 *   accepted write reaches both devices' registers.
 * - A command is ignored by an absent device or a busy one
 *   (ide_exec_cmd); an accepted one completes at once: no data phase.
 * - Status and Alternate Status read 0 when the selected device is
 *   absent, or when there is no device at all; the Device register reads
 *   the selected device's image, absent or not (0 with no device at all).
 * Anything else (the data port, 16/32-bit access, other ports) fails
 * the running test: the model does not know what it should answer.
 */
#include <stdio.h>
#include <stdlib.h>
#include "ide_sim.h"
#include "asm/io.h"
#include "asm/processor.h"
#include "delay.h"
#include "../harness.h"
#include "../../../drivers/ata/ata.h"

#define IDE_SIM_START_NS	1000000000ULL	/* not 0: the driver must not rely on it */
#define IDE_SIM_RELAX_NS	10		/* one PAUSE */
/*
 * The driver's limits are seconds; a simulated minute means it never
 * stops waiting. Abort instead of letting the test run hang.
 */
#define IDE_SIM_HANG_NS		(60ULL * 1000000000ULL)

struct ide_sim ide_sim;

void ide_sim_init(bool master, bool slave, unsigned long srst_accesses)
{
	ide_sim = (struct ide_sim){
		.present = { master, slave },
		.srst_accesses = srst_accesses,
		.select = { ATA_DEV_OBS, ATA_DEV_OBS },
		.clock_ns = IDE_SIM_START_NS,
	};
}

u64 ide_sim_clock(void)
{
	return ide_sim.clock_ns;
}

static void ide_sim_advance(u64 ns)
{
	ide_sim.clock_ns += ns;
	if (ide_sim.clock_ns - IDE_SIM_START_NS > IDE_SIM_HANG_NS) {
		fprintf(stderr, "ide_sim: a simulated minute of waiting (%lu port accesses): "
			"the driver does not give up\n", ide_sim.accesses);
		abort();
	}
}

void ndelay(unsigned long nsecs) { ide_sim_advance(nsecs); }
void udelay(unsigned long usecs) { ide_sim_advance((u64)usecs * 1000); }
void mdelay(unsigned long msecs) { ide_sim_advance((u64)msecs * 1000000); }
void ide_sim_relax(void) { ide_sim_advance(IDE_SIM_RELAX_NS); }

static void ide_sim_end_reset(void)
{
	for (unsigned int i = 0; i < 2; i++) {
		ide_sim.busy[i] = false;
		ide_sim.select[i] = ATA_DEV_OBS;
		ide_sim.nsect[i] = 0;
		ide_sim.multi[i] = 0;
	}
	if (ide_sim.srst_selects_dev0)
		ide_sim.unit = 0;
	ide_sim.ctl &= (u8)~ATA_SRST;
	ide_sim.resetting = false;
	ide_sim.resets_done++;
}

/* Every access: time passes, and a pending reset may end first. */
static void ide_sim_access(void)
{
	ide_sim.accesses++;
	ide_sim_advance(IDE_SIM_IO_NS);
	if (ide_sim.resetting && ide_sim.since_srst++ >= ide_sim.srst_accesses)
		ide_sim_end_reset();
}

static bool ide_sim_no_device(void)
{
	return !ide_sim.present[0] && !ide_sim.present[1];
}

static u8 ide_sim_status(void)
{
	unsigned int u = ide_sim.unit;

	if (ide_sim_no_device() || !ide_sim.present[u])
		return 0;
	return ide_sim.busy[u] ? ATA_BUSY | ATA_DRDY | ATA_DSC : ATA_DRDY | ATA_DSC;
}

static void ide_sim_unexpected(const char *what, u16 port)
{
	harness_fail(__FILE__, __LINE__, "ide_sim: %s of port 0x%x, which the model does not answer",
		     what, port);
}

u8 inb(u16 port)
{
	ide_sim_access();
	if (port == IDE_SIM_CTL || port == IDE_SIM_CMD + ATA_REG_STATUS)
		return ide_sim_status();
	if (port == IDE_SIM_CMD + ATA_REG_DEVICE)
		return ide_sim_no_device() ? 0 : ide_sim.select[ide_sim.unit];
	ide_sim_unexpected("inb", port);
	return 0xff;			/* what a floating bus reads */
}

static void ide_sim_control(u8 v)
{
	bool edge = !(ide_sim.ctl & ATA_SRST) && (v & ATA_SRST);

	ide_sim.ctl = v;
	if (!edge)
		return;
	ide_sim.busy[0] = ide_sim.busy[1] = true;
	ide_sim.resetting = true;
	ide_sim.since_srst = 0;
	if (!ide_sim.srst_accesses)
		ide_sim_end_reset();
}

static void ide_sim_command(u8 v)
{
	unsigned int u = ide_sim.unit;

	if (!ide_sim.present[u] || ide_sim.busy[u])
		return;
	ide_sim.commands[u]++;
	ide_sim.last_command[u] = v;
	if (v == ATA_CMD_SET_MULTI)
		ide_sim.multi[u] = ide_sim.nsect[u];
}

void outb(u8 v, u16 port)
{
	ide_sim_access();
	if (port == IDE_SIM_CTL) {
		ide_sim_control(v);
		return;
	}
	if (port <= IDE_SIM_CMD || port > IDE_SIM_CMD + ATA_REG_CMD) {
		ide_sim_unexpected("outb", port);
		return;
	}
	if (port == IDE_SIM_CMD + ATA_REG_CMD) {
		ide_sim_command(v);
		return;
	}
	if (ide_sim.busy[ide_sim.unit]) {
		ide_sim.ignored_writes++;
		return;
	}
	if (port == IDE_SIM_CMD + ATA_REG_DEVICE) {
		ide_sim.select[0] = ide_sim.select[1] = v | ATA_DEV_OBS;
		ide_sim.unit = (v & ATA_DEV_SLAVE) ? 1 : 0;
	} else if (port == IDE_SIM_CMD + ATA_REG_NSECT) {
		ide_sim.nsect[0] = ide_sim.nsect[1] = v;
	}
}

/* No data phase is modelled: any of these is a test the model cannot serve. */
u16 inw(u16 port) { ide_sim_access(); ide_sim_unexpected("inw", port); return 0xffff; }
u32 inl(u16 port) { ide_sim_access(); ide_sim_unexpected("inl", port); return ~0u; }
void outw(u16 v, u16 port) { ide_sim_access(); ide_sim_unexpected("outw", port); }
void outl(u32 v, u16 port) { ide_sim_access(); ide_sim_unexpected("outl", port); }
void insw(u16 port, void *buf, unsigned long count)
{
	ide_sim_access();
	ide_sim_unexpected("insw", port);
}
void outsw(u16 port, const void *buf, unsigned long count)
{
	ide_sim_access();
	ide_sim_unexpected("outsw", port);
}
