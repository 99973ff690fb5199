/*
 * panic.c - stopping the machine, warnings and backtraces (Linux's
 * kernel/panic.c and arch/x86/kernel/dumpstack_32.c).
 *
 * Backtraces follow the frame-pointer chain (the kernel is built with
 * -fno-omit-frame-pointer): at each frame, [ebp] is the caller's ebp and
 * [ebp+4] the return address. The walk stops at ebp == 0 (head.S clears
 * it before start_kernel), at an address that is not on a kernel stack, or
 * after 32 frames, so a corrupt stack gives a short trace, not a new fault.
 */
#include "kernel.h"
#include "console.h"
#include "kallsyms.h"
#include "asm/irqflags.h"
#include "asm/processor.h"
#include "asm/page.h"

#define MAX_TRACE_DEPTH	32

/* Set by the in-kernel test runner so a panic under ktest= ends QEMU. */
void (*panic_exit_hook)(void);

/* Highest direct-mapped address; kernel/setup.c sets it from RAM size. */
unsigned long high_memory_virt = PAGE_OFFSET_VAL + (16UL << 20);

/*
 * Is [addr, addr+8) somewhere a stack frame can live? Kernel stacks are
 * in the direct map today; kernel threads may add other ranges later.
 */
__weak bool kernel_stack_addr_valid(unsigned long addr)
{
	return addr >= PAGE_OFFSET_VAL && addr + 8 <= high_memory_virt &&
	       IS_ALIGNED(addr, 4);
}

void show_trace_entry(unsigned long ret)
{
	printk(KERN_EMERG " [<%08lx>] %pS\n", ret, (void *)ret);
}

/* Print the return addresses on the frame chain from @ebp (no header). */
void show_trace(unsigned long ebp)
{
	for (int depth = 0; depth < MAX_TRACE_DEPTH && ebp; depth++) {
		unsigned long next, ret;

		if (!kernel_stack_addr_valid(ebp)) {
			printk(KERN_EMERG " (frame pointer %08lx is not on a stack)\n", ebp);
			return;
		}
		next = ((unsigned long *)ebp)[0];
		ret = ((unsigned long *)ebp)[1];
		if (!ret)
			return;
		show_trace_entry(ret);
		/* Frames move up the stack; anything else is corruption. */
		if (next && next <= ebp) {
			printk(KERN_EMERG " (stack corrupt: frame %08lx -> %08lx)\n",
			       ebp, next);
			return;
		}
		ebp = next;
	}
}

void __noinline dump_stack(void)
{
	printk(KERN_EMERG "Call Trace:\n");
	show_trace((unsigned long)__builtin_frame_address(0));
}

void __warn(const char *file, int line, const char *cond)
{
	printk(KERN_WARNING "WARNING: at %s:%d: %s\n", file, line, cond);
	dump_stack();
}

void panic(const char *fmt, ...)
{
	static char buf[256];
	static int in_panic;
	va_list args;

	native_irq_disable();
	/* A fault while panicking must not print forever. */
	if (in_panic++)
		goto stop;
	oops_in_progress = 1;
	va_start(args, fmt);
	vsnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	printk(KERN_EMERG "Kernel panic - not syncing: %s\n", buf);
	dump_stack();
	printk(KERN_EMERG "---[ end Kernel panic - not syncing: %s ]---\n", buf);
	if (panic_exit_hook)
		panic_exit_hook();
stop:
	for (;;) {
		native_irq_disable();
		halt();
	}
}
