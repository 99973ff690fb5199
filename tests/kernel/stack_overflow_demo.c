/*
 * stack_overflow_demo.c - `ktest=stack-overflow-demo`: a kernel thread
 * that recurses until it runs off the bottom of its 16 KiB stack, to show
 * (and test) what the guard page below every stack buys: a double fault
 * through a task gate (kernel/doublefault.c) and a panic that names the
 * thread, instead of silent corruption of whatever lies below.
 *
 * QEMU exits with 37; tests/ktest-runner.py --expect-stack-overflow
 * checks the message names overflow-demo and its pid.
 */
#include "kernel.h"
#include "kthread.h"
#include "kunit.h"

/*
 * Each frame is well under a page, so the stack pointer cannot jump over
 * the 4 KiB guard into the stack slot below; volatile keeps the array
 * (and the writes that touch every page on the way down) in the code.
 */
#define OVERFLOW_FRAME_BYTES	512

/* Far deeper than any stack: a bound only to show GCC the recursion ends. */
static volatile int overflow_max_depth = 1 << 30;

static __noinline int overflow_recurse(int depth)
{
	volatile char frame[OVERFLOW_FRAME_BYTES];

	for (int i = 0; i < OVERFLOW_FRAME_BYTES; i++)
		frame[i] = (char)depth;
	if (depth >= overflow_max_depth)
		return frame[0];
	/* Not a tail call: the sum needs this frame after the call returns. */
	return overflow_recurse(depth + 1) + frame[depth % OVERFLOW_FRAME_BYTES];
}

static int overflow_demo_thread(void *unused)
{
	pr_info("stack-overflow-demo: %s (pid %d) recursing with %d-byte frames\n",
		current->comm, current->pid, OVERFLOW_FRAME_BYTES);
	return overflow_recurse(0);
}

static __noinline void stack_overflow_demo(void)
{
	struct task_struct *k = kthread_run(overflow_demo_thread, NULL, "overflow-demo");
	int pid;

	if (IS_ERR(k)) {
		pr_err("stack-overflow-demo: kthread_run failed (%ld)\n", PTR_ERR(k));
		return;
	}
	pid = k->pid;
	/* The panic ends QEMU long before this; returning means it never came. */
	msleep(3000);
	pr_err("stack-overflow-demo: no panic 3 s after starting pid %d\n", pid);
}
KTEST_DEMO("stack-overflow-demo", stack_overflow_demo);
