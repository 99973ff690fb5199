/*
 * asm/ptrace.h - the register frame kernel/entry.S saves on every
 * exception and interrupt, in push order reversed (lowest address first).
 */
#ifndef _ASM_PTRACE_H
#define _ASM_PTRACE_H

#include "types.h"

struct pt_regs {
	u32 ebx, ecx, edx, esi, edi, ebp, eax;
	u32 ds, es, fs, gs;
	u32 vector;		/* pushed by the stub: which entry we came in by */
	u32 error_code;		/* from the CPU, or 0 pushed by the stub */
	u32 eip, cs, eflags;	/* pushed by the CPU */
};

/*
 * A ring-0 exception pushes no SS:ESP, so the interrupted code's stack
 * pointer is just past the frame the CPU pushed.
 */
static inline unsigned long kernel_stack_pointer(const struct pt_regs *regs)
{
	return (unsigned long)(&regs->eflags + 1);
}

#endif
