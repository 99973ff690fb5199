/*
 * ktest_bio.h - what the block and driver suites share: submitting one
 * bio and waiting for it, the way a synchronous caller in the kernel
 * would (tests/kernel/ktest_bio.c).
 */
#ifndef _LANTERN_KTEST_BIO_H
#define _LANTERN_KTEST_BIO_H

struct bio;

/*
 * Submit @bio as @rw and sleep until it ends; returns its error. Sets
 * bi_end_io and bi_private; the bio stays the caller's to put. With
 * @timeout_ms, a bio not ended by then is still waited for (it points at
 * this function's stack) and -ETIMEDOUT is returned instead of its
 * error. @end_calls (may be NULL) gets how many times bi_end_io ran, so
 * a suite can check it ran exactly once.
 */
int ktest_submit_wait(struct bio *bio, unsigned long rw, unsigned int timeout_ms,
		      int *end_calls);

#endif
