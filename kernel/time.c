/*
 * time.c - the timer tick and the clock (Linux's arch/x86/kernel/i8253.c,
 * tsc.c and kernel/time/).
 *
 * PIT channel 0 interrupts HZ times a second on IRQ 0; each tick advances
 * jiffies, raises TIMER_SOFTIRQ when a kernel timer is due and lets the
 * scheduler account the running task. The fine clock is
 * the TSC, calibrated once against the PIT at boot: local_clock() gives
 * nanoseconds since the kernel's first instruction (head.S saved that TSC
 * value), which printk timestamps and the boot-time report use.
 */
#include "kernel.h"
#include "delay.h"
#include "interrupt.h"
#include "jiffies.h"
#include "sched.h"
#include "timer.h"
#include "asm/io.h"
#include "asm/processor.h"

#define PIT_TICK_RATE	1193182u	/* Hz: the PIT's input clock */
#define PIT_CH0		0x40
#define PIT_CH2		0x42
#define PIT_MODE	0x43
#define PIT_CH2_GATE	0x61		/* bit 0 gate, bit 1 speaker, bit 5 OUT2 */
#define LATCH		((PIT_TICK_RATE + HZ / 2) / HZ)
#define CAL_MS		10

volatile unsigned long jiffies;
extern u64 boot_tsc;		/* boot/head.S */
unsigned long tsc_khz;
/* ns = cycles * cyc2ns_mul >> CYC2NS_SHIFT, precomputed to avoid division. */
#define CYC2NS_SHIFT	10
static u32 cyc2ns_mul;

/*
 * Count TSC cycles across CAL_MS milliseconds of PIT channel 2 in
 * one-shot mode (mode 0: OUT2 goes high at terminal count). Polling with
 * interrupts off keeps the measurement free of handler time.
 */
static unsigned long pit_calibrate_tsc(void)
{
	u32 latch = PIT_TICK_RATE / (1000 / CAL_MS);
	u64 t1, t2;
	unsigned long loops = 0;

	outb((inb(PIT_CH2_GATE) & ~0x02) | 0x01, PIT_CH2_GATE);
	outb(0xb0, PIT_MODE);		/* channel 2, lo/hi byte, mode 0, binary */
	outb(latch & 0xff, PIT_CH2);
	outb(latch >> 8, PIT_CH2);
	t1 = rdtsc();
	while (!(inb(PIT_CH2_GATE) & 0x20)) {
		/* A missing PIT must not hang the boot: give up after ~1 s. */
		if (++loops > 10000000)
			return 0;
	}
	t2 = rdtsc();
	return (unsigned long)((t2 - t1) / CAL_MS);
}

void tsc_init(void)
{
	tsc_khz = pit_calibrate_tsc();
	if (!tsc_khz) {
		pr_warn("tsc: calibration against the PIT failed, assuming 1 GHz\n");
		tsc_khz = 1000000;
	}
	cyc2ns_mul = (u32)((1000000ull << CYC2NS_SHIFT) / tsc_khz);
	pr_info("tsc: %lu.%03lu MHz processor (calibrated against the PIT)\n",
		tsc_khz / 1000, tsc_khz % 1000);
}

u64 local_clock(void)
{
	u64 cycles;

	if (!cyc2ns_mul)
		return 0;
	cycles = rdtsc() - boot_tsc;
	/* Split so the product cannot overflow 64 bits for years of uptime. */
	return ((cycles >> 32) * cyc2ns_mul << (32 - CYC2NS_SHIFT)) +
	       (((cycles & 0xffffffffull) * cyc2ns_mul) >> CYC2NS_SHIFT);
}

void scheduler_tick(void);	/* kernel/sched.c */

/* The tick: time moves on, due timers get their softirq, the scheduler looks. */
static irqreturn_t timer_interrupt(int irq, void *dev_id)
{
	(void)irq;
	(void)dev_id;
	jiffies++;
	run_local_timers();
	scheduler_tick();
	return IRQ_HANDLED;
}

void time_init(void)
{
	int err;

	outb(0x34, PIT_MODE);		/* channel 0, lo/hi byte, mode 2 (rate) */
	outb(LATCH & 0xff, PIT_CH0);
	outb(LATCH >> 8, PIT_CH0);
	err = request_irq(0, timer_interrupt, 0, "timer", NULL);
	if (err)
		panic("time_init: cannot get IRQ 0 (error %d)", err);
	pr_info("timer: PIT at %d Hz (latch %u)\n", HZ, LATCH);
}

void ndelay(unsigned long nsecs)
{
	u64 end = local_clock() + nsecs;

	while (local_clock() < end)
		cpu_relax();
}

void udelay(unsigned long usecs)
{
	ndelay(usecs * 1000);
}

void mdelay(unsigned long msecs)
{
	while (msecs--)
		udelay(1000);
}
