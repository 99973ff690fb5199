/*
 * simdisk.c - sim0, a RAM disk that takes as long as a rotating disk.
 *
 * The data lives in RAM (pages made on first write, zeros before), but
 * each request is completed only after the service time that the model
 * of block/simdisk-model.c gives it: seek from where the last request
 * ended, rotational latency, transfer. With one request in service at a
 * time (queue depth 1), the order the elevator picks is what decides the
 * total time, so noop, deadline and cfq can be compared on it.
 *
 * Path of a request: request_fn (queue lock held) takes one request if
 * none is in service, copies its data at once, and works out when the
 * modelled disk finishes it; a timer (TIMER_SOFTIRQ) ends it then and runs
 * the queue again, which starts the next one.
 *
 * The disk keeps its own clock in microseconds (busy_until), so the
 * timer's 1 ms granularity does not add up: a request that was already
 * waiting when the previous one finished starts at the modelled end of
 * that one, not at the tick that reported it, and requests whose
 * modelled end has already passed are ended in the same tick. Only a
 * request that arrives at an idle disk starts "now".
 *
 * `simdisk=SIZE_MB[,SEEK_MS[,RPM[,MBPS]]]`: size (default 32 MiB, max
 * 256), full-stroke seek (8 ms; track-to-track is 0.5 ms), spindle speed
 * (7200 rpm) and media rate (100 MB/s). sim0 is always made: it is
 * only RAM, and only the pages written are allocated.
 */
#include "kernel.h"
#include "blkdev.h"
#include "init.h"
#include "ramstore.h"
#include "simdisk.h"
#include "slab.h"
#include "string.h"
#include "timer.h"

#define SIMDISK_MAJOR			254	/* Linux's top "local/experimental" major */

struct simdisk {
	struct gendisk *disk;
	struct request_queue *queue;
	spinlock_t lock;		/* the queue lock; protects all below */
	struct ram_store store;		/* the data: zeros until written */
	struct simdisk_model model;
	sector_t head;			/* the sector after the last one served */
	struct request *active;		/* in service: waiting for the timer */
	int active_err;
	u64 busy_until;			/* µs (local_clock): the modelled end of active */
	bool chained;			/* request_fn runs straight after an end */
	struct timer_list timer;
	struct simdisk_stats stats;
};

static void simdisk_arm(struct simdisk *sd);

static unsigned int simdisk_mb = SIMDISK_DEFAULT_MB;
static unsigned int simdisk_seek_ms = SIMDISK_DEFAULT_SEEK_MS;
static unsigned int simdisk_rpm = SIMDISK_DEFAULT_RPM;
static unsigned int simdisk_mbps = SIMDISK_DEFAULT_MBPS;

/* "SIZE_MB[,SEEK_MS[,RPM[,MBPS]]]"; any bad field rejects the whole value. */
static int simdisk_setup(char *val)
{
	unsigned int v[4] = { simdisk_mb, simdisk_seek_ms, simdisk_rpm, simdisk_mbps };
	struct simdisk_model check;
	char copy[48];		/* cut here, so the boot log shows @val whole */
	int i = 0;

	if (strlcpy(copy, val, sizeof(copy)) >= sizeof(copy))
		return -EINVAL;
	for (char *field = copy; field && i < 4; i++) {
		char *comma = strchr(field, ',');
		unsigned long n;

		if (comma)
			*comma = '\0';
		if (kstrtoul(field, 10, &n) || (unsigned int)n != n)
			return -EINVAL;
		v[i] = (unsigned int)n;
		field = comma ? comma + 1 : NULL;
		if (field && i == 3)
			return -EINVAL;		/* a fifth field */
	}
	if (!v[0] || v[0] > SIMDISK_MAX_MB ||
	    simdisk_model_init(&check, 1, v[1], v[2], v[3]))
		return -EINVAL;
	simdisk_mb = v[0];
	simdisk_seek_ms = v[1];
	simdisk_rpm = v[2];
	simdisk_mbps = v[3];
	return 0;
}
__setup_help("simdisk=", simdisk_setup,
	     "MiB[,seek_ms[,rpm[,MBps]]]: sim0's size and timing (default 32,8,7200,100)");

/* Queue lock held. Start one request unless one is already in service. */
static void simdisk_request_fn(struct request_queue *q)
{
	struct simdisk *sd = q->queuedata;
	struct request *rq;
	unsigned int seek, us;
	u64 start;

	if (sd->active)
		return;		/* depth 1: the timer runs the queue again */
	rq = blk_fetch_request(q);
	if (!rq)
		return;
	sd->active = rq;
	sd->active_err = ram_store_rq(&sd->store, rq);
	if (sd->active_err)
		pr_err("%s: out of memory writing sector %llu\n", sd->disk->disk_name,
		       (unsigned long long)blk_rq_pos(rq));
	seek = simdisk_seek_us(&sd->model, sd->head, blk_rq_pos(rq));
	us = simdisk_service_us(&sd->model, sd->head, blk_rq_pos(rq), blk_rq_bytes(rq));
	if (blk_rq_pos(rq) == sd->head)
		sd->stats.sequential++;
	sd->stats.requests++;
	sd->stats.seek_us += seek;
	sd->stats.service_us += us;
	sd->head = rq_end_sector(rq);
	start = local_clock() / 1000;
	if (sd->chained || sd->busy_until > start)
		start = sd->busy_until;		/* queued behind the previous one */
	sd->busy_until = start + us;
	simdisk_arm(sd);
}

/* Fire at the first tick at or after busy_until. */
static void simdisk_arm(struct simdisk *sd)
{
	u64 now = local_clock() / 1000;
	unsigned long ticks = 0;

	if (sd->busy_until > now)
		ticks = (unsigned long)DIV_ROUND_UP(sd->busy_until - now, 1000u);
	mod_timer(&sd->timer, jiffies + max(1ul, ticks));
}

/*
 * TIMER_SOFTIRQ: the modelled time is up; end the request and start the
 * next, and go on ending those whose modelled end is already past.
 */
static void simdisk_done(unsigned long data)
{
	struct simdisk *sd = (struct simdisk *)data;
	unsigned long flags;

	for (;;) {
		struct request *rq;
		int err;

		spin_lock_irqsave(&sd->lock, flags);
		rq = sd->active;
		err = sd->active_err;
		spin_unlock_irqrestore(&sd->lock, flags);
		if (!rq)
			return;
		/*
		 * active stays set until the request is ended, so a request_fn
		 * run in between cannot start a second one.
		 */
		blk_end_request(rq, err, blk_rq_bytes(rq));
		spin_lock_irqsave(&sd->lock, flags);
		sd->active = NULL;
		sd->chained = true;
		__blk_run_queue(sd->queue);
		sd->chained = false;
		rq = sd->active;
		if (rq && sd->busy_until <= local_clock() / 1000)
			del_timer(&sd->timer);	/* ended on this pass instead */
		else
			rq = NULL;
		spin_unlock_irqrestore(&sd->lock, flags);
		if (!rq)
			return;
	}
}

const struct simdisk_stats *simdisk_get_stats(struct gendisk *disk)
{
	if (!disk || !disk->driver || strcmp(disk->driver, "simdisk"))
		return NULL;
	return &((struct simdisk *)disk->private_data)->stats;
}

const struct simdisk_model *simdisk_get_model(struct gendisk *disk)
{
	if (!simdisk_get_stats(disk))
		return NULL;
	return &((struct simdisk *)disk->private_data)->model;
}

static int simdisk_init(void)
{
	struct simdisk *sd = kzalloc(sizeof(*sd), GFP_KERNEL);
	sector_t capacity = (sector_t)simdisk_mb << (20 - 9);
	int err = -ENOMEM;

	if (!sd)
		goto out;
	spin_lock_init(&sd->lock);
	setup_timer(&sd->timer, simdisk_done, (unsigned long)sd);
	err = simdisk_model_init(&sd->model, capacity, simdisk_seek_ms, simdisk_rpm,
				 simdisk_mbps);
	if (err)
		goto out_free;
	err = -ENOMEM;
	ram_store_init(&sd->store, (unsigned long)(capacity / RAM_SECTORS_PER_PAGE));
	sd->disk = alloc_disk();
	if (!sd->store.pages || !sd->disk)
		goto out_free;
	strlcpy(sd->disk->disk_name, "sim0", DISK_NAME_LEN);
	sd->queue = blk_init_queue(simdisk_request_fn, &sd->lock, NULL);
	if (!sd->queue)
		goto out_free;
	sd->queue->queuedata = sd;
	sd->disk->queue = sd->queue;
	sd->disk->driver = "simdisk";
	sd->disk->private_data = sd;
	sd->disk->major = SIMDISK_MAJOR;
	set_capacity(sd->disk, capacity);
	err = add_disk(sd->disk);
	if (!err)
		return 0;
out_free:
	if (sd->queue)
		blk_cleanup_queue(sd->queue);
	if (sd->disk)
		kfree(sd->disk);
	ram_store_free(&sd->store);
	kfree(sd);
out:
	pr_err("simdisk: cannot create sim0 (error %d)\n", err);
	return err;
}
initcall(simdisk_init);
