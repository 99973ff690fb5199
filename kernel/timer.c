/*
 * timer.c - kernel timers (Linux's kernel/timer.c). Portable: the hosted
 * tests link it and drive jiffies by hand. schedule_timeout() and
 * msleep(), which Linux keeps here, live in kernel/sched.c, because the
 * hosted build sleeps on real time instead.
 *
 * Pending timers sit on one list sorted by expiry, so the tick only looks
 * at the head and TIMER_SOFTIRQ runs due timers in expiry order (ties in
 * the order they were added). Linux uses a cascading wheel to make adding
 * O(1) with thousands of timers; Lantern has a few dozen, and a sorted
 * list shows the idea without the bookkeeping.
 */
#include "kernel.h"
#include "interrupt.h"
#include "jiffies.h"
#include "preempt.h"
#include "sched.h"
#include "spinlock.h"
#include "timer.h"

static LIST_HEAD(timer_list_head);
static DEFINE_SPINLOCK(timer_lock);
/* The timer whose function runs right now, for del_timer_sync(). */
static struct timer_list *running_timer;
unsigned long timers_fired;

void init_timer(struct timer_list *timer)
{
	INIT_LIST_HEAD(&timer->entry);
}

void setup_timer(struct timer_list *timer, void (*function)(unsigned long),
		 unsigned long data)
{
	init_timer(timer);
	timer->function = function;
	timer->data = data;
}

/* Insert after every timer that expires no later. Lock held. */
static void __enqueue_timer(struct timer_list *timer)
{
	struct list_head *pos = timer_list_head.prev;

	while (pos != &timer_list_head &&
	       time_after(list_entry(pos, struct timer_list, entry)->expires,
			  timer->expires))
		pos = pos->prev;
	list_add(&timer->entry, pos);
}

int mod_timer(struct timer_list *timer, unsigned long expires)
{
	unsigned long flags;
	int was_pending;

	BUG_ON(!timer->function);
	spin_lock_irqsave(&timer_lock, flags);
	was_pending = timer_pending(timer);
	if (was_pending)
		list_del_init(&timer->entry);
	timer->expires = expires;
	__enqueue_timer(timer);
	spin_unlock_irqrestore(&timer_lock, flags);
	return was_pending;
}

void add_timer(struct timer_list *timer)
{
	BUG_ON(timer_pending(timer));
	mod_timer(timer, timer->expires);
}

int del_timer(struct timer_list *timer)
{
	unsigned long flags;
	int was_pending;

	spin_lock_irqsave(&timer_lock, flags);
	was_pending = timer_pending(timer);
	if (was_pending)
		list_del_init(&timer->entry);
	spin_unlock_irqrestore(&timer_lock, flags);
	return was_pending;
}

int del_timer_sync(struct timer_list *timer)
{
	int ret;

	/*
	 * On one CPU the function can only be "running" underneath us if we
	 * are called from it (a bug) or, later on SMP, on another CPU: then
	 * we wait for it to finish, as Linux does.
	 */
	for (;;) {
		ret = del_timer(timer);
		if (READ_ONCE(running_timer) != timer)
			return ret;
		BUG_ON(in_softirq());	/* called from the timer's own function */
		cond_resched();
	}
}

static void run_timer_softirq(struct softirq_action *h)
{
	unsigned long flags;

	(void)h;
	spin_lock_irqsave(&timer_lock, flags);
	while (!list_empty(&timer_list_head)) {
		struct timer_list *t = list_first_entry(&timer_list_head,
							struct timer_list, entry);
		void (*fn)(unsigned long) = t->function;
		unsigned long data = t->data;

		if (time_before(jiffies, t->expires))
			break;
		list_del_init(&t->entry);
		running_timer = t;
		spin_unlock_irqrestore(&timer_lock, flags);
		/* The function may re-add or free its timer: use the copies. */
		fn(data);
		timers_fired++;
		spin_lock_irqsave(&timer_lock, flags);
		running_timer = NULL;
	}
	spin_unlock_irqrestore(&timer_lock, flags);
}

void run_local_timers(void)
{
	struct timer_list *first;

	/* Called in the tick with interrupts off: a peek needs no lock. */
	if (list_empty(&timer_list_head))
		return;
	first = list_first_entry(&timer_list_head, struct timer_list, entry);
	if (!time_before(jiffies, first->expires))
		raise_softirq_irqoff(TIMER_SOFTIRQ);
}

void init_timers(void)
{
	open_softirq(TIMER_SOFTIRQ, run_timer_softirq);
}
