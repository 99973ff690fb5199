/*
 * interrupt.h - hardware IRQ handlers and softirqs (Linux's
 * include/linux/interrupt.h).
 *
 * An IRQ handler runs with interrupts off and must be short: acknowledge
 * the device, record what happened, raise a softirq for the rest. Softirqs
 * run on the way out of the last nested interrupt, with interrupts on,
 * never concurrently with themselves on this CPU.
 */
#ifndef _LANTERN_INTERRUPT_H
#define _LANTERN_INTERRUPT_H

#include "types.h"

typedef enum irqreturn {
	IRQ_NONE = 0,		/* not our device's interrupt */
	IRQ_HANDLED = 1,
} irqreturn_t;

typedef irqreturn_t (*irq_handler_t)(int irq, void *dev_id);

#define IRQF_SHARED	0x00000080	/* PCI INTx lines are shared */

#define NR_IRQS		16

/*
 * Install @handler on @irq and unmask it. Process context. Returns 0,
 * -EINVAL for a bad irq, -EBUSY if the line is taken and either side
 * refuses to share, -ENOMEM.
 */
int request_irq(unsigned int irq, irq_handler_t handler, unsigned long flags,
		const char *name, void *dev_id);
void free_irq(unsigned int irq, void *dev_id);
void disable_irq(unsigned int irq);
void enable_irq(unsigned int irq);

/* Per-line statistics, for a future /proc/interrupts-like command. */
struct irq_stat {
	unsigned long count;		/* interrupts delivered */
	unsigned long unhandled;	/* no handler claimed it */
	const char *name;		/* first handler's name */
};
bool irq_get_stat(unsigned int irq, struct irq_stat *st);
extern unsigned long irq_spurious_count;

/* Softirq numbers, in priority order (Linux 2.6's order, trimmed). */
enum {
	HI_SOFTIRQ = 0,
	TIMER_SOFTIRQ,
	BLOCK_SOFTIRQ,
	TASKLET_SOFTIRQ,
	NR_SOFTIRQS
};

struct softirq_action {
	void (*action)(struct softirq_action *);
};

extern const char *const softirq_to_name[NR_SOFTIRQS];

/* Boot-time registration of the handler for softirq @nr. */
void open_softirq(int nr, void (*action)(struct softirq_action *));
/* Mark @nr pending; it runs at the next irq_exit() or local_bh_enable(). */
void raise_softirq(unsigned int nr);
void raise_softirq_irqoff(unsigned int nr);
/* Run pending softirqs now if not already inside an interrupt. */
void do_softirq(void);
unsigned long softirq_count_of(unsigned int nr);

void local_bh_disable(void);
void local_bh_enable(void);

/* Bracket a hard interrupt handler (kernel/softirq.c). */
void irq_enter(void);
void irq_exit(void);

#endif
