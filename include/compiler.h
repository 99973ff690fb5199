/*
 * compiler.h - attribute shorthands shared by the kernel and the hosted build.
 * Mirrors the parts of Linux's include/linux/compiler*.h that Lantern uses.
 */
#ifndef _LANTERN_COMPILER_H
#define _LANTERN_COMPILER_H

/* glibc defines its own; the hosted build sees both. */
#ifndef __always_inline
#define __always_inline	inline __attribute__((always_inline))
#endif
#define __noinline	__attribute__((noinline))
#define __noreturn	__attribute__((noreturn))
#define __packed	__attribute__((packed))
#define __aligned(x)	__attribute__((aligned(x)))
#define __used		__attribute__((used))
#define __section(s)	__attribute__((section(s)))
#define __printf(a, b)	__attribute__((format(printf, a, b)))
#define __weak		__attribute__((weak))

#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)

/* A compiler-only barrier: stops GCC from caching memory across it. */
#define barrier()	__asm__ __volatile__("" : : : "memory")

/*
 * Single, untorn accesses to variables that an interrupt handler or another
 * thread changes behind our back (jiffies, flags polled in a loop).
 */
#define READ_ONCE(x)		(*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, val)	(*(volatile __typeof__(x) *)&(x) = (val))

#define __stringify_1(x)	#x
#define __stringify(x)		__stringify_1(x)

#endif
