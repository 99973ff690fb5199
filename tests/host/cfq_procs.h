/*
 * cfq_procs.h - processes, a driver and a clock for the CFQ tests
 * (test_cfq.c, test_cfq_sched.c). Static helpers in a header: each test
 * file is its own binary.
 *
 * CFQ schedules per process, and finds the process through `current`.
 * Hosted, every pthread is its own task (tests/host/hosted.c), so each
 * simulated process here is a thread that runs what the test hands it,
 * one step at a time (proc_call): deterministic, but with a real
 * current->io_context per process. The main thread plays the driver
 * (take / finish) and the clock (hosted_advance_jiffies, which also fires
 * CFQ's idle timer). White-box checks read CFQ's private block/cfq.h.
 */
#ifndef _LANTERN_CFQ_PROCS_H
#define _LANTERN_CFQ_PROCS_H

#include <pthread.h>
#include "harness.h"
#include "hosted.h"
#include "elevator.h"
#include "iocontext.h"
#include "init.h"
#include "sched.h"
#include "slab.h"
#include "../../block/cfq.h"

/* Not every test file uses every helper. */
#define HELPER	static __attribute__((unused))

static struct gendisk disk;
static struct block_device bdev __attribute__((unused)) = { .bd_disk = &disk };

#define NR_RQS	2048
static struct request rqs[NR_RQS];
static int rq_owner[NR_RQS];		/* proc id that made rqs[i] */
static int nr_rqs;
static unsigned long kicks;		/* request_fn calls (queue runs) */

HELPER void count_kick(struct request_queue *q)
{
	(void)q;
	kicks++;
}

HELPER struct request_queue *mkqueue(void)
{
	static bool booted;
	struct request_queue *q;

	if (!booted) {
		hosted_block_boot();
		booted = true;
	}
	q = blk_alloc_queue(NULL, "cfq");
	CHECK(q && q->elevator);
	CHECK_STREQ(q->elevator->elevator_type->elevator_name, "cfq");
	q->request_fn = count_kick;
	disk.queue = q;
	nr_rqs = 0;
	return q;
}

HELPER struct cfq_data *cfqd_of(struct request_queue *q)
{
	return q->elevator->elevator_data;
}

/* ---- processes: one pthread each ---- */

struct proc {
	int id;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	void (*fn)(struct proc *p, void *arg);	/* the step to run, or NULL */
	void *arg;
	bool quit;
	struct task_struct *task;
};

HELPER void *proc_main(void *data)
{
	struct proc *p = data;

	pthread_mutex_lock(&p->lock);
	for (;;) {
		while (!p->fn && !p->quit)
			pthread_cond_wait(&p->cond, &p->lock);
		if (!p->fn)
			break;
		pthread_mutex_unlock(&p->lock);
		p->fn(p, p->arg);
		pthread_mutex_lock(&p->lock);
		p->fn = NULL;
		pthread_cond_broadcast(&p->cond);
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

/* Run @fn(@p, @arg) as process @p and wait for it. */
HELPER void proc_call(struct proc *p, void (*fn)(struct proc *, void *), void *arg)
{
	pthread_mutex_lock(&p->lock);
	p->fn = fn;
	p->arg = arg;
	pthread_cond_broadcast(&p->cond);
	while (p->fn)
		pthread_cond_wait(&p->cond, &p->lock);
	pthread_mutex_unlock(&p->lock);
}

HELPER void step_whoami(struct proc *p, void *arg)
{
	(void)arg;
	p->task = current;
}

HELPER void proc_start(struct proc *p, int id)
{
	*p = (struct proc){ .id = id };
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->cond, NULL);
	pthread_create(&p->thread, NULL, proc_main, p);
	proc_call(p, step_whoami, NULL);
}

HELPER void step_ioprio(struct proc *p, void *arg)
{
	(void)p;
	CHECK_EQ(set_task_ioprio(current, (int)(long)arg), 0);
}

HELPER void proc_ioprio(struct proc *p, int class, int level)
{
	proc_call(p, step_ioprio, (void *)(long)IOPRIO_PRIO_VALUE(class, level));
}

HELPER void step_exit(struct proc *p, void *arg)
{
	(void)p;
	(void)arg;
	exit_io_context(current);	/* what do_exit() does */
}

/* The task exits: it drops its io_context and the thread ends. */
HELPER void proc_exit(struct proc *p)
{
	proc_call(p, step_exit, NULL);
	pthread_mutex_lock(&p->lock);
	p->quit = true;
	pthread_cond_broadcast(&p->cond);
	pthread_mutex_unlock(&p->lock);
	pthread_join(p->thread, NULL);
}

/* ---- requests and bios, as __make_request would make them ---- */

struct submit_args {
	struct request_queue *q;
	sector_t sector;
	unsigned int sectors;
	unsigned long rw;
	bool insert;
	struct request *rq;
};

HELPER void step_submit(struct proc *p, void *data)
{
	struct submit_args *a = data;
	struct request *rq = &rqs[nr_rqs];

	rq_owner[nr_rqs++] = p->id;
	blk_rq_init(a->q, rq);
	rq->sector = a->sector;
	rq->data_len = a->sectors << 9;
	rq->cmd_flags = a->rw;
	rq->rq_disk = &disk;
	/* As get_request() does: private data attached, under the lock. */
	spin_lock_irq(a->q->queue_lock);
	CHECK_EQ(elv_set_request(a->q, rq, GFP_ATOMIC), 0);
	rq->cmd_flags |= REQ_ELVPRIV;
	a->q->nr_elvpriv++;
	if (a->insert)
		elv_add_request(a->q, rq, ELEVATOR_INSERT_SORT);
	spin_unlock_irq(a->q->queue_lock);
	a->rq = rq;
}

/* Process @p allocates a request for [sector, +sectors) and queues it. */
HELPER struct request *submit(struct proc *p, struct request_queue *q,
			      sector_t sector, unsigned int sectors, unsigned long rw)
{
	struct submit_args a = { q, sector, sectors, rw, true, NULL };

	CHECK(nr_rqs < NR_RQS);
	proc_call(p, step_submit, &a);
	return a.rq;
}

struct merge_args {
	struct request_queue *q;
	struct bio bio;
	struct request *rq;
	int ret;
};

HELPER void step_merge(struct proc *p, void *data)
{
	struct merge_args *m = data;

	(void)p;
	spin_lock_irq(m->q->queue_lock);
	m->rq = NULL;
	m->ret = elv_merge(m->q, &m->rq, &m->bio);
	spin_unlock_irq(m->q->queue_lock);
}

/* Would process @p's bio [sector, +sectors) merge? Returns ELEVATOR_*. */
HELPER int try_merge(struct proc *p, struct request_queue *q, sector_t sector,
		     unsigned int sectors, unsigned long rw, struct request **rq)
{
	struct merge_args m = { .q = q };

	m.bio = (struct bio){ .bi_sector = sector, .bi_size = sectors << 9,
			      .bi_rw = rw, .bi_bdev = &bdev };
	q->last_merge = NULL;	/* ask the hash and CFQ, not the cache */
	proc_call(p, step_merge, &m);
	if (rq)
		*rq = m.rq;
	return m.ret;
}

/* ---- the driver and the clock (main thread) ---- */

HELPER struct request *take(struct request_queue *q)
{
	struct request *rq;

	spin_lock_irq(q->queue_lock);
	rq = elv_next_request(q);
	if (rq)
		elv_dequeue_request(q, rq);
	spin_unlock_irq(q->queue_lock);
	return rq;
}

HELPER void finish(struct request_queue *q, struct request *rq)
{
	spin_lock_irq(q->queue_lock);
	elv_completed_request(q, rq);
	elv_put_request(q, rq);		/* as __blk_put_request() does */
	q->nr_elvpriv--;
	spin_unlock_irq(q->queue_lock);
}

HELPER int dispatch(struct request_queue *q, int force)
{
	int n;

	spin_lock_irq(q->queue_lock);
	n = q->elevator->ops->elevator_dispatch_fn(q, force);
	spin_unlock_irq(q->queue_lock);
	return n;
}

HELPER int owner(struct request *rq)
{
	return rq_owner[rq - rqs];
}

/*
 * Serve up to @n requests one at a time, each taking @ticks jiffies on
 * the "disk"; when nothing can be dispatched (the scheduler idles) let
 * time pass. Records owners (and sectors) in order; returns how many.
 */
HELPER int serve(struct request_queue *q, int n, unsigned long ticks,
		 int *owners, sector_t *sectors)
{
	int done = 0, waited = 0;

	while (done < n) {
		struct request *rq = take(q);

		if (!rq) {
			if (elv_queue_empty(q) || ++waited > 10000)
				break;
			hosted_advance_jiffies(1);
			continue;
		}
		if (owners)
			owners[done] = owner(rq);
		if (sectors)
			sectors[done] = blk_rq_pos(rq);
		done++;
		hosted_advance_jiffies(ticks);
		finish(q, rq);
	}
	return done;
}

/* Serve everything, then let the last idle window close. */
HELPER void drain(struct request_queue *q)
{
	serve(q, NR_RQS, 1, NULL, NULL);
	CHECK(elv_queue_empty(q));
	CHECK_EQ(q->nr_sorted, 0);
	CHECK_EQ(q->in_flight, 0);
	hosted_advance_jiffies(20);
}

HELPER long tunable(struct request_queue *q, const char *name)
{
	long v = -1;

	spin_lock_irq(q->queue_lock);
	CHECK_EQ(elv_tunable_show(q, name, &v), 0);
	spin_unlock_irq(q->queue_lock);
	return v;
}

HELPER int set_tunable(struct request_queue *q, const char *name, long v)
{
	int err;

	spin_lock_irq(q->queue_lock);
	err = elv_tunable_store(q, name, v);
	spin_unlock_irq(q->queue_lock);
	return err;
}

HELPER unsigned long slab_active(const char *name)
{
	struct kmem_cache *s;
	unsigned long flags, n = 0;

	spin_lock_irqsave(&slab_caches_lock, flags);
	for_each_kmem_cache(s)
		if (strcmp(s->name, name) == 0)
			n = s->active_objs;
	spin_unlock_irqrestore(&slab_caches_lock, flags);
	return n;
}


/* Owners of the first @n requests served, as runs: "0x101 1x100 ...". */
HELPER int count_runs(const int *owners, int n, int *run_owner, int *run_len, int max)
{
	int runs = 0;

	for (int i = 0; i < n; i++) {
		if (runs && run_owner[runs - 1] == owners[i]) {
			run_len[runs - 1]++;
		} else if (runs < max) {
			run_owner[runs] = owners[i];
			run_len[runs++] = 1;
		}
	}
	return runs;
}

#endif
