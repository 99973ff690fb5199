/*
 * test_ata_reset.c - the IDE soft reset of drivers/ata/ata_sff.c
 * (ata_soft_reset, ata_select, ata_wait_not_busy) against the simulated
 * channel of tests/host/mock/ide_sim.c, where a reset ends after a given
 * number of port accesses rather than at some wall time.
 *
 * The bug guarded against (fixed in 382d4a9): with the absent slave
 * selected, as firmware may leave it, status reads 0 ("not busy") while
 * the master is still in reset. The driver polled whichever device was
 * selected, went on at once, and the master ignored the select and
 * IDENTIFY that followed: hda vanished, but only when QEMU's reset was
 * late, that is on a loaded host. Here "late" is a count, swept from 0
 * up, so every run ends the reset before each access of the driver's
 * sequence in turn.
 */
#include "harness.h"
#include "kernel.h"
#include "console.h"
#include "ide_sim.h"
#include "asm/io.h"
#include "../../drivers/ata/ata.h"
#include "../../drivers/ata/ata_sff.h"

#define RESET_LIMIT_NS	((u64)ATA_RESET_WAIT_MS * 1000000)
#define RESET_SLACK_NS	10000000	/* the settling delay, a last round of polling */
#define NOT_SELECTABLE	"ide0: device 0 not selectable after reset"
#define STILL_BUSY	"ide0: device 0 still busy"

/* Every reset length up to here, then a few long ones. */
#define SWEEP_ALL	256
static const unsigned long sweep_long[] = { 1000, 10000, 100000 };

static struct ata_channel ch;

/* The channel as ata_probe_channel() sets it up, before its first reset. */
static void channel_init(void)
{
	memset(&ch, 0, sizeof(ch));
	ch.name = "ide0";
	ch.cmd = IDE_SIM_CMD;
	ch.ctl = IDE_SIM_CTL;
}

/* A select as firmware (or an earlier command) left it; the model is idle. */
static void select_before_reset(unsigned int unit)
{
	outb(ATA_DEV_OBS | (unit ? ATA_DEV_SLAVE : 0), IDE_SIM_CMD + ATA_REG_DEVICE);
}

/* The log text printed since @from. */
static const char *log_since(unsigned long from)
{
	static char buf[LOG_BUF_LEN + 1];
	unsigned long pos = from;

	buf[log_buf_read(&pos, buf, LOG_BUF_LEN, false)] = '\0';
	return buf;
}

struct scenario {
	const char *name;
	bool slave;			/* device 1 present */
	unsigned int selected;		/* before the reset */
	bool ata_rule;			/* the end of the reset selects device 0 (else QEMU's rule) */
};

/*
 * One reset that lasts @k accesses, then what ata_identify() does next:
 * select device 0 and write a command. NULL if the channel was ready for
 * them, else what went wrong. The model's state is looked at directly:
 * reading a port would count as an access and could end the reset.
 */
static const char *reset_once(const struct scenario *s, unsigned long k)
{
	unsigned long log = log_buf_next();
	unsigned long ignored;
	u64 start;

	ide_sim_init(true, s->slave, k);
	ide_sim.srst_selects_dev0 = s->ata_rule;
	channel_init();
	select_before_reset(s->selected);
	start = ide_sim.clock_ns;
	ata_soft_reset(&ch, false);

	if (ide_sim.resetting || ide_sim.busy[0])
		return "ata_soft_reset returned while the master was still in reset";
	/*
	 * Under QEMU's rule the driver may leave the slave selected: the
	 * select it wrote during the reset was ignored, and the reset puts
	 * the register image back to device 0 but not bus->unit. Harmless
	 * as long as the select that comes next is taken, checked below.
	 */
	if (s->ata_rule && ide_sim.unit != 0)
		return "device 0 not selected after the reset";
	if (ide_sim.select[ide_sim.unit] & ATA_DEV_SLAVE)
		return "the Device register does not show device 0";
	if (ide_sim.ctl != ATA_NIEN)
		return "Device Control not left at nIEN (and SRST clear)";
	if (ide_sim.clock_ns - start >= RESET_LIMIT_NS)
		return "a reset that ended took the whole time limit";
	if (strstr(log_since(log), NOT_SELECTABLE))
		return "a reset that ended was reported as not ending";

	ignored = ide_sim.ignored_writes;
	outb(ATA_DEV_OBS | ATA_DEV_LBA, IDE_SIM_CMD + ATA_REG_DEVICE);
	if (ide_sim.ignored_writes != ignored || ide_sim.unit != 0)
		return "the select of device 0 that follows was ignored";
	outb(ATA_CMD_ID_ATA, IDE_SIM_CMD + ATA_REG_CMD);
	if (ide_sim.commands[0] != 1 || ide_sim.last_command[0] != ATA_CMD_ID_ATA)
		return "the command that follows did not reach the master";
	return NULL;
}

/*
 * Every reset length for @s; one failure line per scenario, with how
 * many lengths failed and the first, rather than hundreds of lines.
 */
static void sweep(const struct scenario *s)
{
	unsigned long n = SWEEP_ALL + 1 + ARRAY_SIZE(sweep_long), failed = 0, first = 0;
	const char *why = NULL;

	for (unsigned long i = 0; i < n; i++) {
		unsigned long k = i <= SWEEP_ALL ? i : sweep_long[i - SWEEP_ALL - 1];
		const char *r = reset_once(s, k);

		if (r && !failed++) {
			first = k;
			why = r;
		}
	}
	if (failed)
		harness_fail(__FILE__, __LINE__,
			     "%s: %lu of %lu reset lengths failed, the first at %lu accesses: %s",
			     s->name, failed, n, first, why);
}

/* The case of the bug, under both rules for what the reset does to the selection. */
TEST(absent_slave_selected_any_reset_length)
{
	static const struct scenario s[] = {
		{ "absent slave selected, QEMU", false, 1, false },
		{ "absent slave selected, ATA", false, 1, true },
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(s); i++)
		sweep(&s[i]);
}

/* Where polling the selected device was already enough: it must stay right. */
TEST(master_selected_or_slave_present_any_reset_length)
{
	static const struct scenario s[] = {
		{ "master selected, no slave, QEMU", false, 0, false },
		{ "master selected, no slave, ATA", false, 0, true },
		{ "both present, slave selected, QEMU", true, 1, false },
		{ "both present, slave selected, ATA", true, 1, true },
		{ "both present, master selected, QEMU", true, 0, false },
		{ "both present, master selected, ATA", true, 0, true },
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(s); i++)
		sweep(&s[i]);
}

/*
 * A device that never leaves reset: ata_soft_reset must give up after its
 * limits (one for the select, one for BSY: at most twice the limit) and
 * say so when device 0 never became selectable, not hang. The model
 * aborts after a simulated minute, so a hang shows as a crash.
 */
TEST(reset_that_never_ends_gives_up_in_time)
{
	static const struct scenario s[] = {
		{ "absent slave selected", false, 1, false },
		{ "both present, slave selected", true, 1, false },
		{ "master selected", false, 0, false },
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(s); i++) {
		unsigned long log = log_buf_next();
		const char *want;
		u64 start, took;

		ide_sim_init(true, s[i].slave, IDE_SIM_NEVER);
		channel_init();
		select_before_reset(s[i].selected);
		start = ide_sim.clock_ns;
		ata_soft_reset(&ch, false);
		took = ide_sim.clock_ns - start;

		/* Not sooner either: a reset still running was taken as over. */
		if (took < RESET_LIMIT_NS || took > 2 * RESET_LIMIT_NS + RESET_SLACK_NS)
			harness_fail(__FILE__, __LINE__, "%s: gave up after %llu ns",
				     s[i].name, (unsigned long long)took);
		CHECK(ide_sim.busy[0]);		/* else this case was not tested */
		CHECK_EQ(ch.resets, 1);
		/*
		 * Device 1 selected: its register never showed device 0.
		 * Device 0 selected: it did at once, but stayed busy.
		 */
		want = s[i].selected ? NOT_SELECTABLE : STILL_BUSY;
		if (!strstr(log_since(log), want))
			harness_fail(__FILE__, __LINE__, "%s: no \"%s\" warning",
				     s[i].name, want);
	}
}

/*
 * A reset may put the block size back to the device's default; the
 * SET MULTIPLE MODE that restores it must reach each disk however late
 * the reset ended.
 */
TEST(block_size_restored_after_a_late_reset)
{
	struct ata_disk d0 = { .chan = &ch, .unit = 0, .multi = 16 };
	struct ata_disk d1 = { .chan = &ch, .unit = 1, .multi = 8 };

	for (unsigned long k = 0; k <= 64; k++) {
		ide_sim_init(true, true, k);
		channel_init();
		ch.disks[0] = &d0;
		ch.disks[1] = &d1;
		select_before_reset(1);
		ata_soft_reset(&ch, false);
		if (ide_sim.multi[0] != 16 || ide_sim.multi[1] != 8 ||
		    d0.multi != 16 || d1.multi != 8) {
			harness_fail(__FILE__, __LINE__,
				     "reset of %lu accesses: block sizes %u/%u in the devices, "
				     "%u/%u in the driver", k, ide_sim.multi[0], ide_sim.multi[1],
				     d0.multi, d1.multi);
			break;
		}
	}
}

/* The reset ends with device interrupts as the caller asked, and is counted. */
TEST(interrupts_after_reset_as_asked)
{
	ide_sim_init(true, false, 5);
	channel_init();
	ata_soft_reset(&ch, true);
	CHECK_EQ(ide_sim.ctl, 0);
	ata_soft_reset(&ch, false);
	CHECK_EQ(ide_sim.ctl, ATA_NIEN);
	CHECK_EQ(ch.resets, 2);
	CHECK_EQ(ide_sim.resets_done, 2);
}
