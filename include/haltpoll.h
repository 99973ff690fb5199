/*
 * haltpoll.h - how long the idle loop spins before it halts (Linux's
 * cpuidle-haltpoll governor, drivers/cpuidle/governors/haltpoll.c).
 *
 * On a virtual machine, HLT puts the host thread of the CPU to sleep, and
 * an interrupt must then wake that thread: tens of microseconds, as long
 * as a fast disk command takes. A guest that spins a little first, with
 * interrupts on, answers a completion at once. The window adapts:
 *
 *   the CPU was idle longer than the window, but not longer than
 *   HALTPOLL_MAX_NS    -> the window grows (a wake-up would have been
 *                         caught by a longer poll)
 *   idle longer than HALTPOLL_MAX_NS -> the window shrinks (the CPU is
 *                         idle for real; spinning only burns the host)
 *
 * so a CPU waiting on a disk polls, and one waiting for a key soon halts
 * at once. The policy is this pure function, so host tests can drive it.
 */
#ifndef _LANTERN_HALTPOLL_H
#define _LANTERN_HALTPOLL_H

#include "types.h"

/* Linux's defaults for guest_halt_poll_ns, _grow_start, _grow, _shrink. */
#define HALTPOLL_MAX_NS		200000u
#define HALTPOLL_GROW_START_NS	50000u
#define HALTPOLL_GROW		2u
#define HALTPOLL_SHRINK		2u

/* The window after an idle period of @idle_ns that had a window of @limit_ns. */
u32 haltpoll_adjust(u32 limit_ns, u64 idle_ns);

#endif
