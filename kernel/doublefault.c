/*
 * doublefault.c - catching kernel stack overflows (Linux 2.6's
 * arch/x86/kernel/doublefault_32.c).
 *
 * A task that runs off the bottom of its stack touches the unmapped guard
 * page (kernel/fork.c). The page fault cannot be delivered: the CPU would
 * push the exception frame onto that same missing stack, which faults
 * again, which the CPU turns into a double fault. If the double fault
 * used the same stack it would fault a third time and reset the machine.
 * So vector 8 is a task gate: the CPU saves the broken context into
 * init_tss and switches to a separate task with its own stack, here,
 * which reads what happened out of init_tss and panics naming the task.
 */
#include "kernel.h"
#include "sched.h"
#include "asm/desc.h"
#include "asm/processor.h"
#include "asm/segment.h"

#define DOUBLEFAULT_STACKSIZE	4096

struct task_struct *stack_guard_owner(unsigned long addr);	/* kernel/fork.c */

static struct tss_struct init_tss __aligned(16);
static struct tss_struct doublefault_tss __aligned(16);
static unsigned long doublefault_stack[DOUBLEFAULT_STACKSIZE / sizeof(long)];

static __noreturn void doublefault_fn(void)
{
	unsigned long cr2 = read_cr2();
	struct task_struct *owner = stack_guard_owner(cr2);

	if (owner)
		panic("kernel stack overflow in task %s (pid %d): guard page hit at %08lx, "
		      "EIP %08x (%pS), ESP %08x",
		      owner->comm, owner->pid, cr2, init_tss.eip,
		      (void *)(uintptr_t)init_tss.eip, init_tss.esp);
	panic("double fault in task %s (pid %d): EIP %08x (%pS), ESP %08x, CR2 %08lx",
	      current->comm, current->pid, init_tss.eip,
	      (void *)(uintptr_t)init_tss.eip, init_tss.esp, cr2);
}

/* After gdt_init() and idt_init(); the page directory must be final. */
void doublefault_init(void)
{
	doublefault_tss = (struct tss_struct){
		.esp = (u32)(uintptr_t)(doublefault_stack + ARRAY_SIZE(doublefault_stack)),
		.esp0 = (u32)(uintptr_t)(doublefault_stack + ARRAY_SIZE(doublefault_stack)),
		.ss0 = __KERNEL_DS, .ss = __KERNEL_DS,
		.eip = (u32)(uintptr_t)doublefault_fn,
		.eflags = 0x2,		/* bit 1 is always set; interrupts off */
		.cs = __KERNEL_CS, .ds = __KERNEL_DS, .es = __KERNEL_DS,
		.cr3 = (u32)read_cr3(),
		.io_bitmap_base = sizeof(struct tss_struct),
	};
	init_tss.io_bitmap_base = sizeof(struct tss_struct);
	set_tss_desc(GDT_ENTRY_TSS, &init_tss);
	set_tss_desc(GDT_ENTRY_DOUBLEFAULT_TSS, &doublefault_tss);
	/* A task switch needs a current TSS to save the old state into. */
	__asm__ __volatile__("ltr %w0" : : "r"(__TSS_SEL));
	set_task_gate(8, __DOUBLEFAULT_TSS_SEL);
}
