/*
 * blk.h - what the files of block/ share and nobody else may use
 * (Linux's block/blk.h).
 */
#ifndef _LANTERN_BLOCK_BLK_H
#define _LANTERN_BLOCK_BLK_H

#include "blkdev.h"

/* Free a request and wake a get_request() sleeper. Queue lock held. */
void __blk_put_request(struct request_queue *q, struct request *rq);
void blk_softirq_init(void);

#endif
