/*
 * irq.c - hardware interrupt lines: the two cascaded 8259A PICs and the
 * request_irq() registry (Linux's arch/x86/kernel/i8259.c and
 * kernel/irq/manage.c + handle.c, for 16 ISA/PCI lines).
 *
 * The PICs are remapped to vectors 32-47 so IRQs do not land on CPU
 * exception vectors. For each interrupt, do_IRQ() runs every handler on
 * the line (PCI lines are shared; each handler says whether it was its
 * device), sends the end-of-interrupt, then irq_exit() runs softirqs with
 * interrupts back on. Unclaimed and spurious interrupts are counted, never
 * fatal.
 */
#include "kernel.h"
#include "interrupt.h"
#include "slab.h"
#include "spinlock.h"
#include "asm/io.h"
#include "asm/ptrace.h"

#define PIC_MASTER_CMD	0x20
#define PIC_MASTER_DATA	0x21
#define PIC_SLAVE_CMD	0xa0
#define PIC_SLAVE_DATA	0xa1
#define PIC_CASCADE_IRQ	2
#define PIC_EOI		0x20
#define PIC_READ_ISR	0x0b	/* OCW3: next read of the command port gives ISR */
#define IRQ0_VECTOR	32

struct irqaction {
	irq_handler_t handler;
	unsigned long flags;
	const char *name;
	void *dev_id;
	struct irqaction *next;
};

struct irq_desc {
	struct irqaction *action;	/* chain of handlers, under irq_lock */
	unsigned long count;
	unsigned long unhandled;
	unsigned int depth;		/* disable_irq() nesting */
};

static struct irq_desc irq_desc[NR_IRQS];
static DEFINE_SPINLOCK(irq_lock);
static u16 cached_irq_mask = 0xffff;	/* 1 = masked; slave in the high byte */
unsigned long irq_spurious_count;

static void pic_write_mask(void)
{
	outb(cached_irq_mask & 0xff, PIC_MASTER_DATA);
	outb(cached_irq_mask >> 8, PIC_SLAVE_DATA);
}

static void pic_mask(unsigned int irq)
{
	cached_irq_mask |= 1u << irq;
	pic_write_mask();
}

static void pic_unmask(unsigned int irq)
{
	cached_irq_mask &= ~(1u << irq);
	if (irq >= 8)
		cached_irq_mask &= ~(1u << PIC_CASCADE_IRQ);
	pic_write_mask();
}

/* 8259A datasheet, initialization command words ICW1-ICW4. */
void init_IRQ(void)
{
	outb(0x11, PIC_MASTER_CMD);		/* ICW1: edge, cascade, ICW4 follows */
	io_delay();
	outb(IRQ0_VECTOR, PIC_MASTER_DATA);	/* ICW2: vector base */
	io_delay();
	outb(1u << PIC_CASCADE_IRQ, PIC_MASTER_DATA); /* ICW3: slave on IRQ2 */
	io_delay();
	outb(0x01, PIC_MASTER_DATA);		/* ICW4: 8086 mode, normal EOI */
	io_delay();
	outb(0x11, PIC_SLAVE_CMD);
	io_delay();
	outb(IRQ0_VECTOR + 8, PIC_SLAVE_DATA);
	io_delay();
	outb(PIC_CASCADE_IRQ, PIC_SLAVE_DATA);	/* ICW3: slave identity */
	io_delay();
	outb(0x01, PIC_SLAVE_DATA);
	io_delay();
	cached_irq_mask = 0xffff;
	pic_write_mask();
}

static void pic_eoi(unsigned int irq)
{
	if (irq >= 8)
		outb(PIC_EOI, PIC_SLAVE_CMD);
	outb(PIC_EOI, PIC_MASTER_CMD);
}

/*
 * IRQ 7 and 15 also arrive when a request vanished before the CPU took
 * it. The in-service register tells: a real IRQ has its bit set there.
 * A spurious one from the slave still needs the master's EOI (cascade).
 */
static bool pic_spurious(unsigned int irq)
{
	u16 port = irq == 7 ? PIC_MASTER_CMD : PIC_SLAVE_CMD;

	if (irq != 7 && irq != 15)
		return false;
	outb(PIC_READ_ISR, port);
	if (inb(port) & 0x80)
		return false;
	if (irq == 15)
		outb(PIC_EOI, PIC_MASTER_CMD);
	irq_spurious_count++;
	return true;
}

void do_IRQ(struct pt_regs *regs)
{
	unsigned int irq = regs->vector - IRQ0_VECTOR;
	struct irq_desc *desc = &irq_desc[irq];
	irqreturn_t ret = IRQ_NONE;

	if (pic_spurious(irq))
		return;
	irq_enter();
	desc->count++;
	for (struct irqaction *a = desc->action; a; a = a->next)
		ret |= a->handler((int)irq, a->dev_id);
	if (ret == IRQ_NONE)
		desc->unhandled++;
	pic_eoi(irq);
	irq_exit();
}

int request_irq(unsigned int irq, irq_handler_t handler, unsigned long flags,
		const char *name, void *dev_id)
{
	struct irqaction *action, **p;
	unsigned long lflags;

	if (irq >= NR_IRQS || irq == PIC_CASCADE_IRQ || !handler)
		return -EINVAL;
	if ((flags & IRQF_SHARED) && !dev_id)
		return -EINVAL;	/* free_irq could not tell sharers apart */
	action = kmalloc(sizeof(*action), GFP_KERNEL);
	if (!action)
		return -ENOMEM;
	*action = (struct irqaction){ handler, flags, name, dev_id, NULL };

	spin_lock_irqsave(&irq_lock, lflags);
	p = &irq_desc[irq].action;
	if (*p && !((*p)->flags & flags & IRQF_SHARED)) {
		spin_unlock_irqrestore(&irq_lock, lflags);
		pr_err("request_irq: IRQ %u is busy (%s), cannot add %s\n",
		       irq, (*p)->name, name);
		kfree(action);
		return -EBUSY;
	}
	while (*p)
		p = &(*p)->next;
	*p = action;
	if (irq_desc[irq].action == action && irq_desc[irq].depth == 0)
		pic_unmask(irq);
	spin_unlock_irqrestore(&irq_lock, lflags);
	return 0;
}

void free_irq(unsigned int irq, void *dev_id)
{
	struct irqaction *action = NULL, **p;
	unsigned long flags;

	if (irq >= NR_IRQS)
		return;
	spin_lock_irqsave(&irq_lock, flags);
	for (p = &irq_desc[irq].action; *p; p = &(*p)->next) {
		if ((*p)->dev_id == dev_id) {
			action = *p;
			*p = action->next;
			break;
		}
	}
	if (!irq_desc[irq].action)
		pic_mask(irq);
	spin_unlock_irqrestore(&irq_lock, flags);
	if (!action)
		WARN_ON(1);	/* freeing what was never requested */
	kfree(action);
}

void disable_irq(unsigned int irq)
{
	unsigned long flags;

	if (irq >= NR_IRQS)
		return;
	spin_lock_irqsave(&irq_lock, flags);
	if (irq_desc[irq].depth++ == 0)
		pic_mask(irq);
	spin_unlock_irqrestore(&irq_lock, flags);
}

void enable_irq(unsigned int irq)
{
	unsigned long flags;

	if (irq >= NR_IRQS)
		return;
	spin_lock_irqsave(&irq_lock, flags);
	if (WARN_ON(irq_desc[irq].depth == 0))
		goto out;
	if (--irq_desc[irq].depth == 0 && irq_desc[irq].action)
		pic_unmask(irq);
out:
	spin_unlock_irqrestore(&irq_lock, flags);
}

bool irq_get_stat(unsigned int irq, struct irq_stat *st)
{
	if (irq >= NR_IRQS)
		return false;
	st->count = irq_desc[irq].count;
	st->unhandled = irq_desc[irq].unhandled;
	st->name = irq_desc[irq].action ? irq_desc[irq].action->name : NULL;
	return true;
}
