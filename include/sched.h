/*
 * sched.h - tasks and the scheduler entry points (Linux's
 * include/linux/sched.h).
 *
 * This is the foundation's slice of the API: a task, its state, schedule()
 * and wake_up_process(). Until the scheduler exists there is one task, and
 * schedule() idles the CPU until an interrupt wakes it; the contract callers
 * rely on (set state, re-check the condition, schedule) is already the real
 * one, so wait queues and completions built on it stay correct.
 */
#ifndef _LANTERN_SCHED_H
#define _LANTERN_SCHED_H

#include "types.h"
#include "list.h"

#define TASK_RUNNING		0
#define TASK_INTERRUPTIBLE	1
#define TASK_UNINTERRUPTIBLE	2
#define TASK_DEAD		64

#define TASK_COMM_LEN		16

struct io_context;
struct bio_list;

struct task_struct {
	volatile long state;		/* TASK_*; written by the task and its wakers */
	int pid;
	char comm[TASK_COMM_LEN];
	struct bio_list *bio_list;	/* generic_make_request's pending bios */
	struct io_context *io_context;	/* CFQ's per-process state */
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

/* Nanoseconds since boot (kernel: TSC calibrated against the PIT). */
u64 local_clock(void);

#endif
