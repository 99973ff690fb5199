/*
 * haltpoll.c - the adaptive poll window of the idle loop (see
 * include/haltpoll.h; kernel/idle.c uses it).
 */
#include "haltpoll.h"

u32 haltpoll_adjust(u32 limit_ns, u64 idle_ns)
{
	if (idle_ns > limit_ns && idle_ns <= HALTPOLL_MAX_NS) {
		/* A longer poll would have caught this wake-up. */
		u32 grown = limit_ns * HALTPOLL_GROW;

		if (grown < HALTPOLL_GROW_START_NS)
			grown = HALTPOLL_GROW_START_NS;
		return grown > HALTPOLL_MAX_NS ? HALTPOLL_MAX_NS : grown;
	}
	if (idle_ns > HALTPOLL_MAX_NS)
		return limit_ns / HALTPOLL_SHRINK;
	return limit_ns;	/* the poll caught it: the window is right */
}
