/*
 * demo_threads.h - kernel threads that read a disk so CFQ has processes
 * to balance (shell/demo_threads.c): what `kthread spawn`, `kill` and
 * `ioprio` work with, so a student can watch `queue DEV` share the disk
 * between them.
 *
 * Each thread is a kthread (made by kthreadd) named demo/SLOT with an
 * io_context of its own from the start. It reads DEMO_BIO_SECTORS at a
 * time, sequentially, through its own slice of the device (the device cut
 * into DEMO_THREADS_MAX slices, slot N reading slice N, so each thread
 * is a separate sequential stream as CFQ likes them), waits for each read
 * and sleeps DEMO_THINK_MS before the next, so the machine stays
 * responsive. It never writes: the disk is the user's. It runs until
 * demo_thread_stop(); an I/O error is counted, not fatal.
 */
#ifndef _LANTERN_DEMO_THREADS_H
#define _LANTERN_DEMO_THREADS_H

#include "sched.h"
#include "types.h"

#define DEMO_THREADS_MAX	16
#define DEMO_BIO_SECTORS	8	/* 4 KiB, one page */
/*
 * Below CFQ's slice_idle (8 ms): a thread that thinks this long still
 * counts as sequential and keeps its idle window, so CFQ's slices show.
 */
#define DEMO_THINK_MS		2

struct block_device;

struct demo_thread_info {
	int pid;
	int slot;			/* its name is demo/SLOT */
	char dev[32];			/* the device it reads */
	sector_t start, len;		/* its slice, in sectors */
	unsigned long reads, errors;
};

/*
 * Start one demo thread reading @bdev. Returns its pid and fills *@info
 * (may be NULL); -ENOSPC if DEMO_THREADS_MAX are running, -EINVAL for an
 * empty device, or kthread_create()'s error. Process context; sleeps.
 */
int demo_thread_start(struct block_device *bdev, struct demo_thread_info *info);

/*
 * Stop demo thread @pid and wait until its function has returned (the
 * task may stay on the task list a moment longer, until it is reaped,
 * so a ps right after can still show it). A read in flight
 * is not waited for: the elevator may hold it for as long as another
 * class has work (rt starves be), so the thread leaves it behind and the
 * read's end frees its buffer. 0 with *@info (may be NULL) as it was
 * last, or -ESRCH if @pid is not a demo thread. Process context.
 */
int demo_thread_stop(int pid, struct demo_thread_info *info);

/* Read buffers alive: one per thread, plus reads left behind in flight. */
extern unsigned long demo_ios_alive;

/* Copy up to @max running demo threads into @buf, by slot; returns how many run. */
int demo_threads_snapshot(struct demo_thread_info *buf, int max);

/*
 * Stop every demo thread, as init ends the processes before a shutdown:
 * an rt one would keep the disk from the final flush's writes. Returns
 * how many were stopped. Process context.
 */
int demo_threads_stop_all(void);

#endif
