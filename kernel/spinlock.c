/*
 * spinlock.c - spinlocks on a uniprocessor (Linux's kernel/spinlock.c
 * with CONFIG_DEBUG_SPINLOCK).
 *
 * With one CPU, mutual exclusion comes from masking interrupts (the only
 * other code that can run) and, later, preemption. The `locked` word is
 * kept anyway: finding it already set means this CPU took the lock twice,
 * which on a real SMP machine would deadlock forever, so we stop loudly
 * and name the lock and the place it was first taken.
 */
#include "kernel.h"
#include "spinlock.h"
#include "sched.h"
#include "console.h"
#include "preempt.h"
#include "asm/irqflags.h"

unsigned long arch_local_irq_save(void)
{
	unsigned long flags = native_save_fl();

	native_irq_disable();
	return flags;
}

void arch_local_irq_restore(unsigned long flags)
{
	if (flags & X86_EFLAGS_IF)
		native_irq_enable();
}

void arch_local_irq_enable(void) { native_irq_enable(); }
void arch_local_irq_disable(void) { native_irq_disable(); }
bool arch_irqs_disabled(void) { return !(native_save_fl() & X86_EFLAGS_IF); }

void __spin_lock_init(spinlock_t *lock, const char *name)
{
	lock->locked = 0;
	lock->name = name;
	lock->owner = NULL;
	lock->owner_ip = 0;
}

static void spin_bug(spinlock_t *lock, const char *msg, unsigned long ip)
{
	oops_in_progress = 1;
	panic("spinlock %s: %s at %pS (taken at %pS)", lock->name, msg,
	      (void *)ip, (void *)lock->owner_ip);
}

static __always_inline void do_spin_lock(spinlock_t *lock, unsigned long ip)
{
	if (unlikely(lock->locked))
		spin_bug(lock, "recursion", ip);
	lock->locked = 1;
	lock->owner = current;
	lock->owner_ip = ip;
	barrier();
}

/*
 * Every lock also disables preemption: a task preempted while holding a
 * spinlock would leave the next task that wants it spinning (SMP) or
 * finding it "recursively" taken (here). Unlocking re-enables preemption
 * and reschedules at once if a wake-up or the tick asked for it.
 */
void spin_lock(spinlock_t *lock)
{
	preempt_disable();
	do_spin_lock(lock, (unsigned long)__builtin_return_address(0));
}

bool spin_trylock(spinlock_t *lock)
{
	preempt_disable();
	if (lock->locked) {
		preempt_enable();
		return false;
	}
	do_spin_lock(lock, (unsigned long)__builtin_return_address(0));
	return true;
}

static void __spin_release(spinlock_t *lock, unsigned long ip)
{
	if (unlikely(!lock->locked))
		spin_bug(lock, "unlock of an unlocked lock", ip);
	barrier();
	lock->owner = NULL;
	lock->locked = 0;
}

void spin_unlock(spinlock_t *lock)
{
	__spin_release(lock, (unsigned long)__builtin_return_address(0));
	preempt_enable();
}

void spin_lock_irq(spinlock_t *lock)
{
	native_irq_disable();
	preempt_disable();
	do_spin_lock(lock, (unsigned long)__builtin_return_address(0));
}

void spin_unlock_irq(spinlock_t *lock)
{
	__spin_release(lock, (unsigned long)__builtin_return_address(0));
	native_irq_enable();
	preempt_enable();
}

unsigned long _spin_lock_irqsave(spinlock_t *lock)
{
	unsigned long flags = arch_local_irq_save();

	preempt_disable();
	do_spin_lock(lock, (unsigned long)__builtin_return_address(0));
	return flags;
}

void spin_unlock_irqrestore(spinlock_t *lock, unsigned long flags)
{
	__spin_release(lock, (unsigned long)__builtin_return_address(0));
	arch_local_irq_restore(flags);
	preempt_enable();
}
