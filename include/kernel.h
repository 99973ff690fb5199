/*
 * kernel.h - everyday macros and the printk API (Linux's
 * include/linux/kernel.h and printk.h). Every kernel and block-layer file
 * includes this first.
 */
#ifndef _LANTERN_KERNEL_H
#define _LANTERN_KERNEL_H

#include <stdarg.h>
#include "compiler.h"
#include "types.h"
#include "errno-base.h"
#include "err.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

#define min(a, b)	((a) < (b) ? (a) : (b))
#define max(a, b)	((a) > (b) ? (a) : (b))
#define min_t(t, a, b)	((t)(a) < (t)(b) ? (t)(a) : (t)(b))
#define max_t(t, a, b)	((t)(a) > (t)(b) ? (t)(a) : (t)(b))
#define clamp(v, lo, hi) min(max(v, lo), hi)

/* Power-of-two alignment; @a must be a power of two. */
#define ALIGN(x, a)		(((x) + ((a) - 1)) & ~((__typeof__(x))(a) - 1))
#define ALIGN_DOWN(x, a)	((x) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a)	(((x) & ((__typeof__(x))(a) - 1)) == 0)
#define DIV_ROUND_UP(n, d)	(((n) + (d) - 1) / (d))
#define is_power_of_2(n)	((n) != 0 && ((n) & ((n) - 1)) == 0)

/*
 * Log levels, as Linux 2.6 spelled them: a "<N>" prefix on the message.
 * Lower is more urgent; console_loglevel (loglevel=) filters the console,
 * the ring buffer keeps everything.
 */
#define KERN_EMERG	"<0>"
#define KERN_ALERT	"<1>"
#define KERN_CRIT	"<2>"
#define KERN_ERR	"<3>"
#define KERN_WARNING	"<4>"
#define KERN_NOTICE	"<5>"
#define KERN_INFO	"<6>"
#define KERN_DEBUG	"<7>"
/* A continuation of the previous line: no timestamp, no level. */
#define KERN_CONT	"<c>"

#define LOGLEVEL_DEFAULT	4	/* level of a message without a prefix */
#define CONSOLE_LOGLEVEL_DEFAULT 7	/* print everything but debug */

__printf(1, 2) int printk(const char *fmt, ...);
int vprintk(const char *fmt, va_list args);

#define pr_emerg(fmt, ...)	printk(KERN_EMERG fmt, ##__VA_ARGS__)
#define pr_alert(fmt, ...)	printk(KERN_ALERT fmt, ##__VA_ARGS__)
#define pr_crit(fmt, ...)	printk(KERN_CRIT fmt, ##__VA_ARGS__)
#define pr_err(fmt, ...)	printk(KERN_ERR fmt, ##__VA_ARGS__)
#define pr_warn(fmt, ...)	printk(KERN_WARNING fmt, ##__VA_ARGS__)
#define pr_notice(fmt, ...)	printk(KERN_NOTICE fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...)	printk(KERN_INFO fmt, ##__VA_ARGS__)
#define pr_debug(fmt, ...)	printk(KERN_DEBUG fmt, ##__VA_ARGS__)
#define pr_cont(fmt, ...)	printk(KERN_CONT fmt, ##__VA_ARGS__)

/* lib/vsprintf.c */
__printf(3, 4) int snprintf(char *buf, size_t size, const char *fmt, ...);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list args);
__printf(3, 4) int scnprintf(char *buf, size_t size, const char *fmt, ...);
int vscnprintf(char *buf, size_t size, const char *fmt, va_list args);
int kstrtoull(const char *s, unsigned int base, unsigned long long *res);
int kstrtoul(const char *s, unsigned int base, unsigned long *res);
int kstrtoint(const char *s, unsigned int base, int *res);

/*
 * panic() stops the machine: our own invariant is broken and going on would
 * risk the data on the disks. BUG_ON() is for our invariants only; anything
 * a user, a disk or the hardware can cause is an error value instead.
 */
__noreturn __printf(1, 2) void panic(const char *fmt, ...);
void __warn(const char *file, int line, const char *cond);
void dump_stack(void);

#define BUG() panic("BUG at %s:%d", __FILE__, __LINE__)
#define BUG_ON(cond) do { if (unlikely(cond)) \
	panic("BUG_ON(%s) at %s:%d", #cond, __FILE__, __LINE__); } while (0)
#define WARN_ON(cond) ({ bool __c = !!(cond);			\
	if (unlikely(__c))						\
		__warn(__FILE__, __LINE__, #cond);			\
	unlikely(__c); })
#define WARN_ON_ONCE(cond) ({ static bool __warned; bool __c = !!(cond); \
	if (unlikely(__c) && !__warned) {				\
		__warned = true;					\
		__warn(__FILE__, __LINE__, #cond);			\
	}								\
	unlikely(__c); })

#endif
