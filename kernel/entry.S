/*
 * entry.S - the way in from exceptions and hardware interrupts.
 *
 * Each of the 48 vectors we use (0-31 CPU exceptions, 32-47 the two 8259
 * PICs) has a tiny stub that makes the stack look the same for all of
 * them: it pushes a zero where the CPU pushed no error code, then the
 * vector number, and jumps to common_interrupt. That saves the rest of
 * struct pt_regs (asm/ptrace.h), loads kernel segments and calls
 * do_interrupt(regs) in kernel/traps.c. Returning restores everything and
 * irets. Linux's arch/x86/kernel/entry_32.S does the same job.
 */
#include "asm/segment.h"

/* Exceptions for which the CPU pushes an error code (SDM 3A, table 6-1). */
#define HAS_ERROR_CODE(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || (v) == 21)

	.text
	.globl interrupt_stubs
	.align 16
interrupt_stubs:
	.set vec, 0
	.rept 48
	.align 16
	.if !HAS_ERROR_CODE(vec)
	pushl $0
	.endif
	pushl $vec
	jmp common_interrupt
	.set vec, vec + 1
	.endr

	/* Each stub is padded to 16 bytes so traps.c can index them. */
	.globl INTERRUPT_STUB_SIZE
	.set INTERRUPT_STUB_SIZE, 16

common_interrupt:
	cld
	pushl %gs
	pushl %fs
	pushl %es
	pushl %ds
	pushl %eax
	pushl %ebp
	pushl %edi
	pushl %esi
	pushl %edx
	pushl %ecx
	pushl %ebx
	movl $__KERNEL_DS, %eax
	movl %eax, %ds
	movl %eax, %es
	pushl %esp			/* struct pt_regs * */
	call do_interrupt
	addl $4, %esp
	.globl ret_from_interrupt
ret_from_interrupt:
	popl %ebx
	popl %ecx
	popl %edx
	popl %esi
	popl %edi
	popl %ebp
	popl %eax
	popl %ds
	popl %es
	popl %fs
	popl %gs
	addl $8, %esp			/* vector and error code */
	iret

/*
 * void __switch_to(unsigned long *prev_sp, unsigned long next_sp)
 *
 * The context switch. Only the callee-saved registers need saving: the
 * C caller (schedule) already treats eax/ecx/edx as clobbered by a call.
 * We push them on the old task's stack, store its stack pointer, load the
 * new one and pop what the new task pushed when it last switched away;
 * `ret` then returns into the new task's own schedule() call.
 */
	.globl __switch_to
__switch_to:
	movl 4(%esp), %eax		/* prev_sp */
	movl 8(%esp), %edx		/* next_sp */
	pushl %ebp
	pushl %ebx
	pushl %esi
	pushl %edi
	movl %esp, (%eax)
	movl %edx, %esp
	popl %edi
	popl %esi
	popl %ebx
	popl %ebp
	ret

/*
 * A new task's first `ret` from __switch_to lands here (kernel/fork.c
 * builds that frame): ebx = the thread function, esi = its argument.
 * EBP is 0, so backtraces of the thread stop here.
 */
	.globl ret_from_kernel_thread
ret_from_kernel_thread:
	call schedule_tail
	pushl %esi
	call *%ebx
	pushl %eax
	call do_exit			/* never returns */
