/*
 * sched.c - the scheduler (Linux 2.6.23+'s kernel/sched.c and
 * sched_fair.c, CFS, reduced to one CPU and a list).
 *
 * Fairness by virtual runtime: a task's vruntime grows with the CPU time
 * it uses, scaled by 1024/weight, and the runnable task with the smallest
 * vruntime runs next. Nice levels set the weight (1024 at nice 0, about
 * 1.25x per step), so CPU shares follow the weights: a nice -5 task gets
 * about three times the CPU of a nice 0 one, and nobody starves.
 *
 * Preemption: the tick sets need_resched when the current task has used
 * its slice (sched_latency split by weight, at least min_granularity);
 * a wake-up sets it when the woken task is owed the CPU. The flag is
 * acted on at the end of an interrupt (kernel/traps.c), at
 * preempt_enable(), and at cond_resched().
 *
 * The run queue is a list scanned for the smallest vruntime: Lantern runs
 * tens of tasks, and a list is easy to print and follow in gdb.
 */
#include "kernel.h"
#include "sched.h"
#include "preempt.h"
#include "spinlock.h"
#include "timer.h"
#include "asm/irqflags.h"
#include "asm/processor.h"

/* Tunables, in ns: the defaults of 2.6.2x CFS for one CPU. */
#define SCHED_LATENCY_NS	20000000ull	/* everyone runs once per 20 ms */
#define SCHED_MIN_GRAN_NS	4000000ull	/* ... but for at least 4 ms */
#define SCHED_WAKEUP_GRAN_NS	1000000ull	/* wake-up preemption margin */
#define NICE_0_WEIGHT		1024

/* CFS's nice-to-weight table: each step is about 10% of CPU. */
static const unsigned long prio_to_weight[40] = {
	88761, 71755, 56483, 46273, 36291, 29154, 23254, 18705, 14949, 11916,
	9548, 7620, 6100, 4904, 3906, 3121, 2501, 1991, 1586, 1277,
	1024, 820, 655, 526, 423, 335, 272, 215, 172, 137,
	110, 87, 70, 56, 45, 36, 29, 23, 18, 15,
};

struct rq {
	spinlock_t lock;
	struct list_head queue;		/* runnable tasks, current included */
	unsigned int nr_running;
	unsigned long load_weight;	/* sum of the queued tasks' weights */
	u64 min_vruntime;		/* only grows: where sleepers rejoin */
	struct task_struct *curr, *idle;
	struct task_struct *prev;	/* handed from switch_to to finish_task_switch */
	unsigned long nr_switches;
};

static struct rq runqueue = {
	.lock = __SPIN_LOCK_UNLOCKED(runqueue.lock),
	.queue = LIST_HEAD_INIT(runqueue.queue),
};

struct task_struct init_task = {
	.state = TASK_RUNNING,
	.pid = 0,
	.comm = "swapper",
	.flags = PF_IDLE,
	.nice = 0,
	.weight = NICE_0_WEIGHT,
	.usage = 1,
	.run_list = LIST_HEAD_INIT(init_task.run_list),
	.tasks = LIST_HEAD_INIT(init_task.tasks),
};

/* The running task; one CPU, one pointer. */
static struct task_struct *current_task = &init_task;
unsigned long might_sleep_reports;

/* kernel/entry.S */
void __switch_to(unsigned long *prev_sp, unsigned long next_sp);

struct task_struct *get_current(void)
{
	return current_task;
}

unsigned long *preempt_count_ptr(void)
{
	return &current_task->preempt_count;
}

/* ---- accounting ---- */

static void update_curr(struct rq *rq)
{
	struct task_struct *curr = rq->curr;
	u64 now = local_clock(), delta = now - curr->exec_start;

	curr->exec_start = now;
	if (curr == rq->idle)
		return;
	curr->sum_exec_runtime += delta;
	curr->vruntime += delta * NICE_0_WEIGHT / curr->weight;
}

static void update_min_vruntime(struct rq *rq)
{
	struct task_struct *p;
	u64 min = ~0ull;

	list_for_each_entry(p, &rq->queue, run_list)
		min = min_t(u64, min, p->vruntime);
	if (min != ~0ull && min > rq->min_vruntime)
		rq->min_vruntime = min;
}

static void enqueue_task(struct rq *rq, struct task_struct *p)
{
	list_add_tail(&p->run_list, &rq->queue);
	p->on_rq = true;
	rq->nr_running++;
	rq->load_weight += p->weight;
}

static void dequeue_task(struct rq *rq, struct task_struct *p)
{
	list_del_init(&p->run_list);
	p->on_rq = false;
	rq->nr_running--;
	rq->load_weight -= p->weight;
}

/* This task's fair slice of SCHED_LATENCY, given who else is runnable. */
static u64 sched_slice(struct rq *rq, struct task_struct *p)
{
	u64 slice = SCHED_LATENCY_NS * p->weight / max(rq->load_weight, 1UL);

	return max(slice, SCHED_MIN_GRAN_NS);
}

static struct task_struct *pick_next_task(struct rq *rq)
{
	struct task_struct *p, *best = NULL;

	list_for_each_entry(p, &rq->queue, run_list)
		if (!best || (s64)(p->vruntime - best->vruntime) < 0)
			best = p;
	return best ? best : rq->idle;
}

/* ---- the tick and wake-ups ---- */

/* From the timer interrupt, once per jiffy. */
void scheduler_tick(void)
{
	struct rq *rq = &runqueue;
	struct task_struct *curr = rq->curr;

	spin_lock(&rq->lock);
	update_curr(rq);
	curr->ticks++;
	if (curr == rq->idle) {
		if (rq->nr_running)
			curr->need_resched = true;
	} else if (rq->nr_running > 1 &&
		   curr->sum_exec_runtime - curr->slice_start > sched_slice(rq, curr)) {
		curr->need_resched = true;
	}
	spin_unlock(&rq->lock);
}

/* A sleeper rejoins near the front, with at most half a latency of credit. */
static void place_woken(struct rq *rq, struct task_struct *p)
{
	u64 floor = rq->min_vruntime > SCHED_LATENCY_NS / 2 ?
		    rq->min_vruntime - SCHED_LATENCY_NS / 2 : 0;

	if (p->vruntime < floor)
		p->vruntime = floor;
}

static void check_preempt_wakeup(struct rq *rq, struct task_struct *p)
{
	struct task_struct *curr = rq->curr;

	if (curr == rq->idle ||
	    (s64)(curr->vruntime - p->vruntime) > (s64)SCHED_WAKEUP_GRAN_NS)
		curr->need_resched = true;
}

int wake_up_process(struct task_struct *p)
{
	struct rq *rq = &runqueue;
	unsigned long flags;
	int woken = 0;

	spin_lock_irqsave(&rq->lock, flags);
	if (p->state == TASK_RUNNING || p->state == TASK_DEAD)
		goto out;
	p->state = TASK_RUNNING;
	woken = 1;
	/* Still queued: it set its state but had not reached schedule(). */
	if (p->on_rq || p == rq->idle)
		goto out;
	update_curr(rq);
	place_woken(rq, p);
	enqueue_task(rq, p);
	check_preempt_wakeup(rq, p);
out:
	spin_unlock_irqrestore(&rq->lock, flags);
	return woken;
}

/* A new task joins at the queue's current minimum: no head start. */
void sched_fork(struct task_struct *p)
{
	p->weight = prio_to_weight[p->nice - MIN_NICE];
	p->vruntime = runqueue.min_vruntime;
	p->preempt_count = 2;	/* the rq lock and schedule()'s disable; see schedule_tail */
	INIT_LIST_HEAD(&p->run_list);
}

/* Start the new task @p (made by kernel_thread) running. */
void wake_up_new_task(struct task_struct *p)
{
	struct rq *rq = &runqueue;
	unsigned long flags;

	spin_lock_irqsave(&rq->lock, flags);
	p->state = TASK_RUNNING;
	enqueue_task(rq, p);
	check_preempt_wakeup(rq, p);
	spin_unlock_irqrestore(&rq->lock, flags);
}

void set_user_nice(struct task_struct *p, long nice)
{
	struct rq *rq = &runqueue;
	unsigned long flags;

	nice = clamp(nice, (long)MIN_NICE, (long)MAX_NICE);
	spin_lock_irqsave(&rq->lock, flags);
	if (p->on_rq)
		rq->load_weight -= p->weight;
	p->nice = (int)nice;
	p->weight = prio_to_weight[nice - MIN_NICE];
	if (p->on_rq)
		rq->load_weight += p->weight;
	spin_unlock_irqrestore(&rq->lock, flags);
}

/* ---- switching ---- */

void put_task_struct(struct task_struct *p);

/*
 * Runs in the task we switched *to*, with the rq lock still held from
 * schedule() in the task we switched from. A dead predecessor can only be
 * freed now: until the switch, we were running on its stack.
 */
static void finish_task_switch(struct rq *rq)
{
	struct task_struct *prev = rq->prev;

	rq->prev = NULL;
	spin_unlock_irq(&rq->lock);
	if (prev && prev->state == TASK_DEAD && !prev->on_rq)
		put_task_struct(prev);
}

/* First code of every new task (from ret_from_kernel_thread). */
void schedule_tail(void)
{
	finish_task_switch(&runqueue);
	preempt_enable();
}

/*
 * Called after schedule()'s own preempt_disable(): exactly 1 is fine.
 * An exiting task keeps preemption off on purpose (do_exit).
 */
static void schedule_debug(struct task_struct *prev)
{
	if (unlikely((preempt_count() & ~PREEMPT_ACTIVE) != 1 &&
		     prev->state != TASK_DEAD)) {
		pr_err("BUG: scheduling while atomic: %s/%d/0x%08lx\n",
		       prev->comm, prev->pid, preempt_count());
		dump_stack();
	}
}

void __sched schedule(void)
{
	struct rq *rq = &runqueue;
	struct task_struct *prev, *next;

need_resched:
	preempt_disable();
	prev = rq->curr;
	schedule_debug(prev);
	spin_lock_irq(&rq->lock);
	update_curr(rq);
	/*
	 * A task that was preempted while getting ready to sleep stays
	 * queued: it has not reached its schedule() call yet.
	 */
	if (prev->state != TASK_RUNNING && !(preempt_count() & PREEMPT_ACTIVE)) {
		if (prev->on_rq)
			dequeue_task(rq, prev);
		prev->nvcsw++;
	} else if (prev != rq->idle) {
		prev->nivcsw++;
	}
	prev->need_resched = false;
	update_min_vruntime(rq);
	next = pick_next_task(rq);
	if (next != prev) {
		rq->nr_switches++;
		rq->curr = next;
		rq->prev = prev;
		next->exec_start = local_clock();
		next->slice_start = next->sum_exec_runtime;
		current_task = next;
		__switch_to(&prev->thread_sp, next->thread_sp);
		/* Back in @prev, possibly much later, called from another task. */
		finish_task_switch(rq);
	} else {
		next->slice_start = next->sum_exec_runtime;
		spin_unlock_irq(&rq->lock);
	}
	preempt_enable_no_resched();
	if (unlikely(current->need_resched))
		goto need_resched;
}

void __sched preempt_schedule(void)
{
	if (likely(preempt_count() || !current->need_resched || irqs_disabled()))
		return;
	do {
		add_preempt_count(PREEMPT_ACTIVE);
		schedule();
		sub_preempt_count(PREEMPT_ACTIVE);
	} while (current->need_resched);
}

/*
 * From the end of an interrupt (kernel/traps.c): the interrupted code had
 * interrupts on and preemption allowed. Interrupts are off here and
 * schedule() must enable them.
 */
void __sched preempt_schedule_irq(void)
{
	do {
		add_preempt_count(PREEMPT_ACTIVE);
		local_irq_enable();
		schedule();
		local_irq_disable();
		sub_preempt_count(PREEMPT_ACTIVE);
	} while (current->need_resched);
}

void __sched cond_resched(void)
{
	if (current->need_resched && !in_atomic() && !irqs_disabled())
		preempt_schedule();
}

void __sched yield(void)
{
	struct rq *rq = &runqueue;
	struct task_struct *p;
	unsigned long flags;

	/* Move behind every other runnable task. */
	spin_lock_irqsave(&rq->lock, flags);
	list_for_each_entry(p, &rq->queue, run_list)
		if (p != current && p->vruntime > current->vruntime)
			current->vruntime = p->vruntime;
	spin_unlock_irqrestore(&rq->lock, flags);
	schedule();
}

void __might_sleep(const char *file, int line)
{
	if (likely(!in_atomic() && !irqs_disabled()))
		return;
	might_sleep_reports++;
	pr_err("BUG: sleeping function called from invalid context at %s:%d\n",
	       file, line);
	pr_err("in_atomic(): %d, irqs_disabled(): %d, pid: %d, name: %s\n",
	       in_atomic(), irqs_disabled(), current->pid, current->comm);
	dump_stack();
}

void sched_init(void)
{
	struct rq *rq = &runqueue;

	rq->curr = rq->idle = &init_task;
	init_task.exec_start = local_clock();
}

extern const char __sched_text_start[], __sched_text_end[];
bool kernel_stack_addr_valid(unsigned long addr);	/* kernel/fork.c */

static bool in_sched_functions(unsigned long addr)
{
	return addr >= (unsigned long)__sched_text_start &&
	       addr < (unsigned long)__sched_text_end;
}

/*
 * A sleeping task's saved stack begins with what __switch_to pushed:
 * edi, esi, ebx, ebp, then the return address into schedule(). Follow
 * the frame chain out of the scheduler functions to the first caller.
 */
unsigned long get_wchan(struct task_struct *p)
{
	unsigned long *sp, ebp, pc;

	if (!p || p == current || p->state == TASK_RUNNING || !p->thread_sp)
		return 0;
	sp = (unsigned long *)p->thread_sp;
	if (!kernel_stack_addr_valid((unsigned long)sp) ||
	    !kernel_stack_addr_valid((unsigned long)(sp + 4)))
		return 0;
	ebp = sp[3];
	pc = sp[4];
	for (int depth = 0; depth < 16 && in_sched_functions(pc); depth++) {
		if (!kernel_stack_addr_valid(ebp))
			return 0;
		pc = ((unsigned long *)ebp)[1];
		ebp = ((unsigned long *)ebp)[0];
	}
	return in_sched_functions(pc) ? 0 : pc;
}

/* Scheduler state for the tests and a future `ps`. */
unsigned long nr_context_switches(void)
{
	return runqueue.nr_switches;
}

unsigned int nr_running(void)
{
	return runqueue.nr_running;
}

/* ---- sleeping for a while (Linux keeps these in kernel/timer.c) ---- */

static void process_timeout(unsigned long data)
{
	wake_up_process((struct task_struct *)data);
}

__sched long schedule_timeout(long timeout)
{
	struct timer_list timer;
	unsigned long expire;

	if (timeout == MAX_SCHEDULE_TIMEOUT) {
		schedule();
		return timeout;
	}
	if (timeout < 0) {
		pr_err("schedule_timeout: wrong timeout value %lx\n", (unsigned long)timeout);
		dump_stack();
		__set_current_state(TASK_RUNNING);
		return 0;
	}
	expire = jiffies + (unsigned long)timeout;
	setup_timer(&timer, process_timeout, (unsigned long)current);
	mod_timer(&timer, expire);
	schedule();
	del_timer_sync(&timer);
	timeout = (long)(expire - jiffies);
	return timeout < 0 ? 0 : timeout;
}

__sched long schedule_timeout_uninterruptible(long timeout)
{
	__set_current_state(TASK_UNINTERRUPTIBLE);
	return schedule_timeout(timeout);
}

__sched void msleep(unsigned int msecs)
{
	/* +1: the current jiffy is already partly over. */
	long timeout = (long)msecs_to_jiffies(msecs) + 1;

	while (timeout)
		timeout = schedule_timeout_uninterruptible(timeout);
}
