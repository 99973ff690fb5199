/*
 * reboot.h - turning the machine off and restarting it (Linux's
 * include/linux/reboot.h, with the notifier_block of notifier.h).
 *
 * The shell's `poweroff` and `reboot` call kernel_power_off() and
 * kernel_restart(): those first let registered drivers prepare (reboot
 * notifiers) and write every disk's cache back, then hand over to the
 * machine_*() methods, which never return.
 */
#ifndef _LANTERN_REBOOT_H
#define _LANTERN_REBOOT_H

#include "compiler.h"

/* The event a reboot notifier is told about (Linux's values). */
#define SYS_RESTART	0x0001
#define SYS_HALT	0x0002
#define SYS_POWER_OFF	0x0003

#define NOTIFY_DONE	0x0000	/* don't care */
#define NOTIFY_OK	0x0001	/* handled */

/*
 * A callback on a notifier chain. notifier_call(nb, event, data) runs in
 * process context with the chain's mutex held: it may sleep, must not
 * (un)register notifiers, and returns NOTIFY_DONE or NOTIFY_OK.
 */
struct notifier_block {
	int (*notifier_call)(struct notifier_block *nb, unsigned long event, void *data);
	struct notifier_block *next;	/* under the chain's mutex */
	int priority;			/* higher runs first */
};

/* Add or remove @nb on the reboot chain. 0, or -ENOENT if not registered. Process context. */
int register_reboot_notifier(struct notifier_block *nb);
int unregister_reboot_notifier(struct notifier_block *nb);

/*
 * How this machine turns itself off (set by drivers/acpi when the tables
 * give S5); NULL if it cannot. Called with interrupts off; returns only
 * if it failed.
 */
extern void (*pm_power_off)(void);

/*
 * The whole sequence: notifiers with SYS_POWER_OFF or SYS_RESTART, then
 * a cache flush of every writable disk, then machine_power_off() or
 * machine_restart(). Process context (they sleep while the disks flush);
 * called with interrupts off they skip straight to the machine_*() step,
 * saying so. Never return.
 */
__noreturn void kernel_power_off(void);
__noreturn void kernel_restart(const char *cmd);

/*
 * The machine methods alone, nothing flushed (Linux's arch/x86 reboot.c).
 * machine_power_off: pm_power_off, else a message and a halt for good.
 * machine_restart: the ACPI reset register, the keyboard controller,
 * then a triple fault; a message and a halt if all three fail. Any
 * context; they disable interrupts.
 */
__noreturn void machine_power_off(void);
__noreturn void machine_restart(const char *cmd);

#endif
