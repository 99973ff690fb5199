/*
 * spinlock.h - spinlocks (Linux's include/linux/spinlock.h).
 *
 * The API is fixed; the implementation is per build: the kernel
 * (kernel/spinlock.c) disables interrupts on this uniprocessor and records
 * the owner so misuse is caught; the hosted build (tests/host/hosted.c)
 * spins on an atomic flag between pthreads. Callers never see the difference,
 * so SMP later is a change of implementation, not of callers.
 *
 * The _irqsave forms may be taken from any context; plain spin_lock() only
 * where the lock is never taken from an interrupt handler.
 */
#ifndef _LANTERN_SPINLOCK_H
#define _LANTERN_SPINLOCK_H

#include "types.h"

typedef struct spinlock {
	volatile int locked;
	const char *name;	/* for reports: the variable's name */
	void *owner;		/* task holding it, NULL when free */
	unsigned long owner_ip;	/* where it was taken */
} spinlock_t;

#define __SPIN_LOCK_UNLOCKED(lockname) { 0, #lockname, NULL, 0 }
#define DEFINE_SPINLOCK(x) spinlock_t x = __SPIN_LOCK_UNLOCKED(x)

void __spin_lock_init(spinlock_t *lock, const char *name);
#define spin_lock_init(lock) __spin_lock_init(lock, #lock)

void spin_lock(spinlock_t *lock);
void spin_unlock(spinlock_t *lock);
bool spin_trylock(spinlock_t *lock);
void spin_lock_irq(spinlock_t *lock);
void spin_unlock_irq(spinlock_t *lock);
unsigned long _spin_lock_irqsave(spinlock_t *lock);
void spin_unlock_irqrestore(spinlock_t *lock, unsigned long flags);
#define spin_lock_irqsave(lock, flags) \
	do { (flags) = _spin_lock_irqsave(lock); } while (0)

static inline bool spin_is_locked(const spinlock_t *lock)
{
	return lock->locked != 0;
}

/*
 * Interrupt state without a lock: the kernel masks the CPU's interrupts,
 * the hosted build records a per-thread flag.
 */
unsigned long arch_local_irq_save(void);
void arch_local_irq_restore(unsigned long flags);
void arch_local_irq_enable(void);
void arch_local_irq_disable(void);
bool arch_irqs_disabled(void);
#define local_irq_save(flags) do { (flags) = arch_local_irq_save(); } while (0)
#define local_irq_restore(flags) arch_local_irq_restore(flags)
#define local_irq_enable() arch_local_irq_enable()
#define local_irq_disable() arch_local_irq_disable()
#define irqs_disabled() arch_irqs_disabled()

#endif
