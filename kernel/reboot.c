/*
 * reboot.c - powering off and restarting (Linux's kernel/reboot.c for the
 * order of things, arch/x86/kernel/reboot.c for the machine methods).
 *
 *   kernel_power_off()  kernel_shutdown_prepare(SYS_POWER_OFF):
 *                         reboot notifiers, then every disk's cache flushed
 *                       machine_power_off(): pm_power_off (ACPI S5, set by
 *                         drivers/acpi), else a message and a halt
 *   kernel_restart()    kernel_shutdown_prepare(SYS_RESTART)
 *                       machine_restart(): ACPI reset register, keyboard
 *                         controller, triple fault, in that order
 *
 * Under QEMU, S5 ends the emulator with status 0; a reset does the same
 * when QEMU runs with -no-reboot, and reboots the guest otherwise.
 */
#include "kernel.h"
#include "acpi.h"
#include "blkdev.h"
#include "delay.h"
#include "genhd.h"
#include "mutex.h"
#include "preempt.h"
#include "reboot.h"
#include "spinlock.h"
#include "string.h"
#include "asm/desc.h"
#include "asm/io.h"
#include "asm/irqflags.h"
#include "asm/processor.h"

/* How long to give a reset method before trying the next one. */
#define RESET_WAIT_MS		100

/* 8042 keyboard controller (IBM PC/AT technical reference). */
#define KBC_STATUS_PORT		0x64	/* read: status; write: command */
#define KBC_STATUS_IBF		0x02	/* input buffer full: last byte not taken yet */
#define KBC_CMD_PULSE_RESET	0xfe	/* pulse output line 0, wired to CPU reset */
#define KBC_TRIES		10

void (*pm_power_off)(void);

static DEFINE_MUTEX(reboot_notifier_lock);
static struct notifier_block *reboot_notifier_list;	/* by priority, highest first */

int register_reboot_notifier(struct notifier_block *nb)
{
	struct notifier_block **p;

	mutex_lock(&reboot_notifier_lock);
	for (p = &reboot_notifier_list; *p && (*p)->priority >= nb->priority; p = &(*p)->next)
		;
	nb->next = *p;
	*p = nb;
	mutex_unlock(&reboot_notifier_lock);
	return 0;
}

int unregister_reboot_notifier(struct notifier_block *nb)
{
	struct notifier_block **p;
	int err = -ENOENT;

	mutex_lock(&reboot_notifier_lock);
	for (p = &reboot_notifier_list; *p; p = &(*p)->next)
		if (*p == nb) {
			*p = nb->next;
			err = 0;
			break;
		}
	mutex_unlock(&reboot_notifier_lock);
	return err;
}

/*
 * Linux's device_shutdown() calls each driver's shutdown method; for a
 * disk (sd_shutdown) that writes the drive's volatile cache back, or
 * data the drive acknowledged could be lost with the power. Lantern's
 * disk drivers all turn an empty REQ_FLUSH bio into their cache flush
 * (FLUSH CACHE on ATA and AHCI; nothing to do on a RAM disk), so one
 * loop over the registered disks does it for all of them.
 */
struct flushed_list {
	char names[128];
	size_t len;
};

static void device_shutdown_one(struct gendisk *disk, int err, void *ctx)
{
	struct flushed_list *fl = ctx;

	if (err)
		pr_err("reboot: %s: cache flush failed (error %d)\n", disk->disk_name, err);
	else
		fl->len += scnprintf(fl->names + fl->len, sizeof(fl->names) - fl->len, " %s",
				     disk->disk_name);
}

static void device_shutdown(void)
{
	struct flushed_list fl = { "", 0 };

	blkdev_flush_all(device_shutdown_one, &fl, NULL);
	if (fl.len)
		pr_notice("reboot: flushed the write caches of:%s\n", fl.names);
}

static void kernel_shutdown_prepare(unsigned long event)
{
	if (in_atomic() || irqs_disabled()) {
		pr_err("reboot: called where it cannot sleep: no notifiers, disks not flushed\n");
		return;
	}
	mutex_lock(&reboot_notifier_lock);
	for (struct notifier_block *nb = reboot_notifier_list; nb; nb = nb->next)
		nb->notifier_call(nb, event, NULL);
	mutex_unlock(&reboot_notifier_lock);
	device_shutdown();
}

void kernel_power_off(void)
{
	kernel_shutdown_prepare(SYS_POWER_OFF);
	pr_emerg("reboot: Power down\n");
	machine_power_off();
}

void kernel_restart(const char *cmd)
{
	kernel_shutdown_prepare(SYS_RESTART);
	pr_emerg("reboot: Restarting system\n");
	machine_restart(cmd);
}

/* Stop here for good: interrupts off, and hlt again after any NMI. */
static __noreturn void machine_halt_forever(void)
{
	for (;;) {
		native_irq_disable();
		halt();
	}
}

void machine_power_off(void)
{
	local_irq_disable();
	if (pm_power_off)
		pm_power_off();		/* returns only if the power stayed on */
	pr_emerg("poweroff: %s. System halted: you can turn the machine off now.\n",
		 pm_power_off ? "ACPI S5 did not turn the machine off"
			      : "no ACPI S5 (no FADT or \\_S5_ found at boot)");
	machine_halt_forever();
}

/*
 * The 8042 resets the CPU when told to pulse its output line 0 (command
 * 0xFE), the way PCs have rebooted since the AT. It only reads a command
 * once its input buffer is empty; each wait is bounded (~130 ms).
 */
static void kbc_reset(void)
{
	pr_notice("reboot: pulsing the reset line through the keyboard controller\n");
	for (int try = 0; try < KBC_TRIES; try++) {
		for (int i = 0; i < 0x10000 && (inb(KBC_STATUS_PORT) & KBC_STATUS_IBF); i++)
			udelay(2);
		outb(KBC_CMD_PULSE_RESET, KBC_STATUS_PORT);
		udelay(50);
	}
}

/*
 * The last resort: with an empty IDT, int3 cannot be delivered, neither
 * can the #GP that raises, nor the double fault after it. The CPU shuts
 * down, and the chipset answers a shutdown cycle with a reset.
 */
static void triple_fault(void)
{
	static const struct desc_ptr no_idt = { .size = 0, .address = 0 };

	pr_notice("reboot: triple fault (empty IDT, int3)\n");
	__asm__ __volatile__("lidt %0; int3" : : "m"(no_idt) : "memory");
}

void machine_restart(const char *cmd)
{
	(void)cmd;	/* no firmware reboot modes here */
	local_irq_disable();
	if (acpi_reboot() == 0)
		mdelay(RESET_WAIT_MS);
	kbc_reset();
	mdelay(RESET_WAIT_MS);
	triple_fault();
	mdelay(RESET_WAIT_MS);
	pr_emerg("reboot: no reset method worked. System halted: reset or turn off the machine.\n");
	machine_halt_forever();
}
