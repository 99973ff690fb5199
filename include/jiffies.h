/*
 * jiffies.h - the tick counter (Linux's include/linux/jiffies.h).
 * jiffies advances HZ times a second in the timer interrupt; comparisons
 * must use time_after() so they stay right when the counter wraps.
 */
#ifndef _LANTERN_JIFFIES_H
#define _LANTERN_JIFFIES_H

#include "types.h"

/*
 * 1000 Hz: the block layer's delays are a few milliseconds (the 3 ms
 * unplug timer, CFQ's 8 ms idle window), so a 1 ms tick can express them.
 */
#define HZ		1000

extern volatile unsigned long jiffies;

#define time_after(a, b)	((long)((b) - (a)) < 0)
#define time_before(a, b)	time_after(b, a)
#define time_after_eq(a, b)	((long)((a) - (b)) >= 0)
#define time_before_eq(a, b)	time_after_eq(b, a)

static inline unsigned long msecs_to_jiffies(unsigned int ms)
{
	return ((unsigned long)ms * HZ + 999) / 1000;
}

static inline unsigned int jiffies_to_msecs(unsigned long j)
{
	return (unsigned int)(j * (1000 / HZ));
}

#endif
