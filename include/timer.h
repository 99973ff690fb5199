/*
 * timer.h - kernel timers (Linux 2.6's include/linux/timer.h).
 *
 * A timer runs function(data) in softirq context (TIMER_SOFTIRQ) at the
 * first tick at or after `expires` (in jiffies). Timer functions must not
 * sleep. A timer is either pending (queued) or not; mod_timer() and
 * del_timer() report which it was.
 */
#ifndef _LANTERN_TIMER_H
#define _LANTERN_TIMER_H

#include "list.h"
#include "jiffies.h"

struct timer_list {
	struct list_head entry;		/* on the pending list, sorted by expires */
	unsigned long expires;
	void (*function)(unsigned long);
	unsigned long data;
};

void init_timer(struct timer_list *timer);
void setup_timer(struct timer_list *timer, void (*function)(unsigned long),
		 unsigned long data);

static inline bool timer_pending(const struct timer_list *timer)
{
	return !list_empty(&timer->entry);
}

/* Queue @timer, which must not be pending. Any context. */
void add_timer(struct timer_list *timer);
/* (Re)queue at @expires. Returns 1 if it was pending, 0 if not. */
int mod_timer(struct timer_list *timer, unsigned long expires);
/* Dequeue. Returns 1 if it was pending. The function may still be running. */
int del_timer(struct timer_list *timer);
/*
 * Dequeue and wait until the function is not running anywhere: after it,
 * the timer's memory may be freed. Process context; not from the timer's
 * own function.
 */
int del_timer_sync(struct timer_list *timer);

/* From the tick: raise TIMER_SOFTIRQ when something is due. */
void run_local_timers(void);
void init_timers(void);

#endif
