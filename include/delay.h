/*
 * delay.h - busy-waiting for short times (Linux's include/linux/delay.h).
 *
 * Hardware sometimes needs a pause measured in micro- or milliseconds
 * before it may be touched again (an ATA soft reset, for one), too short
 * or too early to sleep for. These spin on the TSC clock (local_clock),
 * so they work with interrupts off. Longer waits in process context
 * should use msleep().
 */
#ifndef _LANTERN_DELAY_H
#define _LANTERN_DELAY_H

void ndelay(unsigned long nsecs);
void udelay(unsigned long usecs);
void mdelay(unsigned long msecs);

#endif
