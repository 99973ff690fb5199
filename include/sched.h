/*
 * sched.h - tasks and the scheduler (Linux's include/linux/sched.h).
 *
 * Every thread of control in Lantern is a task: the idle task (pid 0,
 * which boots the machine), kernel_init (pid 1), kthreadd (pid 2) and
 * the threads kthreadd creates. Tasks sleep by setting their state and
 * calling schedule(); wakers set them back to TASK_RUNNING with
 * wake_up_process(). kernel/sched.c picks who runs; kernel/fork.c makes
 * and frees tasks.
 */
#ifndef _LANTERN_SCHED_H
#define _LANTERN_SCHED_H

#include "types.h"
#include "list.h"
#include "compiler.h"

#define TASK_RUNNING		0
#define TASK_INTERRUPTIBLE	1	/* no signals yet: same as below */
#define TASK_UNINTERRUPTIBLE	2
#define TASK_DEAD		64

#define TASK_COMM_LEN		16

/* Nice levels as in Unix: -20 gets the most CPU, 19 the least. */
#define MIN_NICE		(-20)
#define MAX_NICE		19

/* task_struct.flags */
#define PF_EXITING		0x00000004	/* in do_exit() */
#define PF_KTHREAD		0x00200000	/* made by kthread_create() */
#define PF_IDLE			0x00000002	/* the idle task */

struct io_context;
struct bio_list;
struct completion;

struct task_struct {
	volatile long state;		/* TASK_*; written by the task and its wakers */
	/*
	 * Per task, as in 2.6's thread_info: a task switched out inside a
	 * preempt-disabled region finds its count as it left it.
	 */
	unsigned long preempt_count;
	bool need_resched;		/* set by tick/wake-up, cleared by schedule() */
	int pid;
	char comm[TASK_COMM_LEN];
	unsigned int flags;		/* PF_* */

	/* Scheduling (kernel/sched.c), under the run-queue lock. */
	int nice;
	unsigned long weight;		/* CPU share: 1024 at nice 0 */
	u64 vruntime;			/* ns of CPU, scaled by 1024/weight */
	u64 exec_start;			/* local_clock() when last accounted */
	u64 slice_start;		/* sum_exec_runtime when last picked */
	u64 sum_exec_runtime;		/* ns run in total */
	bool on_rq;
	struct list_head run_list;	/* on the run queue */

	/* Counters, for ps and the tests. */
	unsigned long ticks;		/* timer ticks that found this task running */
	unsigned long nvcsw;		/* voluntary switches (it slept) */
	unsigned long nivcsw;		/* involuntary switches (preempted) */

	/* Lifetime (kernel/fork.c). */
	struct list_head tasks;		/* on the task list, under tasklist_lock */
	int usage;			/* references; the task is freed at 0 */
	int exit_code;
	struct completion *vfork_done;	/* completed in do_exit() */
	void *kthread;			/* struct kthread, for kthread_should_stop() */

	/* The kernel stack, and the stack pointer saved by switch_to. */
	void *stack;			/* lowest usable address */
	unsigned long stack_size;
	unsigned long thread_sp;

	struct bio_list *bio_list;	/* generic_make_request's pending bios */
	struct io_context *io_context;	/* CFQ's per-process state (block/blk-ioc.c) */
	void *arch;			/* build-specific (hosted: condvar) */
};

struct task_struct *get_current(void);
#define current get_current()

#define __set_current_state(s)	do { current->state = (s); } while (0)
#define set_current_state(s)	do { WRITE_ONCE(current->state, (s)); \
				     __sync_synchronize(); } while (0)

/*
 * Give up the CPU. With current->state != TASK_RUNNING, returns only after
 * wake_up_process(current). Process context only; may sleep.
 */
void schedule(void);

/* Make @p runnable. Any context. Returns 1 if it was sleeping, else 0. */
int wake_up_process(struct task_struct *p);

/*
 * Sleep for up to @timeout jiffies in the state the caller set (Linux:
 * set_current_state() first). Returns the jiffies left, 0 if it timed out.
 * MAX_SCHEDULE_TIMEOUT sleeps until woken.
 */
#define MAX_SCHEDULE_TIMEOUT	((long)(~0UL >> 1))
long schedule_timeout(long timeout);
long schedule_timeout_uninterruptible(long timeout);
void msleep(unsigned int msecs);

/* Let others run if the tick asked for it. Process context. */
void cond_resched(void);
void yield(void);

void set_user_nice(struct task_struct *p, long nice);
/* Caller holds tasklist_lock (kernel/fork.c), or knows @pid cannot exit. */
struct task_struct *find_task_by_pid(int pid);
/*
 * The task with @pid and a reference on it (put_task_struct() when
 * done), or NULL: the task cannot be freed meanwhile, even if it exits.
 */
struct task_struct *find_get_task_by_pid(int pid);

/* What ps shows of one task: a copy, taken under tasklist_lock. */
struct task_info {
	int pid;
	char comm[TASK_COMM_LEN];
	long state;			/* TASK_* */
	unsigned int flags;		/* PF_* */
	int nice;
	u64 sum_exec_runtime;		/* ns */
	unsigned long nvcsw, nivcsw;
	int ioprio;			/* IOPRIO_PRIO_VALUE, or -ENOENT: no io_context */
};
/*
 * Copy up to @max tasks into @buf, the idle task first, then in creation
 * order. Returns how many tasks there are, which may be more than @max.
 * Process context.
 */
int snapshot_tasks(struct task_info *buf, int max);
/* Where @p sleeps: the first return address outside the scheduler. */
unsigned long get_wchan(struct task_struct *p);

/*
 * Functions that sleep on behalf of their caller (schedule, wait_for_*,
 * mutex_lock ...) go in .sched.text, so get_wchan() can name the caller.
 */
#define __sched __section(".sched.text")

/* Nanoseconds since boot (kernel: TSC calibrated against the PIT). */
u64 local_clock(void);

/*
 * kernel_thread() starts @fn(@arg) as a new task (kernel/fork.c); it is
 * only for kthreadd and kernel_init. Everything else uses kthread_create().
 * Returns the pid or -errno.
 */
int kernel_thread(int (*fn)(void *), void *arg, const char *name);
__noreturn void do_exit(int code);
void get_task_struct(struct task_struct *p);
void put_task_struct(struct task_struct *p);

/*
 * Sleeping is a bug in atomic context (a spinlock held, interrupts off,
 * an interrupt handler). might_sleep() reports it with a backtrace.
 */
void __might_sleep(const char *file, int line);
#define might_sleep() __might_sleep(__FILE__, __LINE__)
extern unsigned long might_sleep_reports;

#endif
