/*
 * ktest_bio.c - one bio, submitted and waited for (ktest_bio.h).
 */
#include "kernel.h"
#include "blkdev.h"
#include "completion.h"
#include "jiffies.h"
#include "ktest_bio.h"

struct ktest_bio_wait {
	struct completion done;
	int error;
	int calls;
};

static void ktest_bio_end(struct bio *bio, int error)
{
	struct ktest_bio_wait *w = bio->bi_private;

	w->error = error;
	w->calls++;
	complete(&w->done);
}

int ktest_submit_wait(struct bio *bio, unsigned long rw, unsigned int timeout_ms,
		      int *end_calls)
{
	struct ktest_bio_wait w = { .error = 0 };
	int err;

	init_completion(&w.done);
	bio->bi_end_io = ktest_bio_end;
	bio->bi_private = &w;
	submit_bio(rw, bio);
	if (timeout_ms && !wait_for_completion_timeout(&w.done, msecs_to_jiffies(timeout_ms))) {
		/* Never leave: the bio still points at our stack. */
		wait_for_completion(&w.done);
		err = -ETIMEDOUT;
	} else {
		if (!timeout_ms)
			wait_for_completion(&w.done);
		err = w.error;
	}
	if (end_calls)
		*end_calls = w.calls;
	return err;
}
