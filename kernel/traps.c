/*
 * traps.c - the Interrupt Descriptor Table and CPU exceptions (Linux's
 * arch/x86/kernel/traps.c and mm/fault.c, for a kernel with no user space).
 *
 * Every vector enters through kernel/entry.S and arrives at do_interrupt().
 * Hardware IRQs go to do_IRQ() (kernel/irq.c). An exception in the kernel
 * is always a bug in the kernel, so it ends in an oops: a report in
 * Linux's format (what, where, registers, control registers, symbolized
 * call trace) followed by panic. Under ktest= that panic ends QEMU with a
 * distinct exit code so the test runner can tell a crash from a failure.
 */
#include "kernel.h"
#include "console.h"
#include "preempt.h"
#include "sched.h"
#include "kallsyms.h"
#include "asm/desc.h"
#include "asm/ptrace.h"
#include "asm/processor.h"
#include "asm/segment.h"

#define NR_VECTORS		256
#define FIRST_EXTERNAL_VECTOR	32
#define NR_STUBS		48

/* SDM 3A table 6-1. */
static const char *const exception_names[FIRST_EXTERNAL_VECTOR] = {
	"divide error", "debug", "NMI", "int3", "overflow", "bounds",
	"invalid opcode", "device not available", "double fault",
	"coprocessor segment overrun", "invalid TSS", "segment not present",
	"stack segment", "general protection fault", "page fault", "reserved",
	"x87 floating point error", "alignment check", "machine check",
	"SIMD floating point error", "virtualization", "control protection",
};

/* Page-fault error code bits, SDM 3A 4.7. */
#define PF_PROT		0x01	/* 0: page not present, 1: protection */
#define PF_WRITE	0x02
#define PF_USER		0x04
#define PF_RSVD		0x08
#define PF_INSTR	0x10

extern const char interrupt_stubs[];
extern void show_trace(unsigned long ebp);
extern void show_trace_entry(unsigned long ret);
extern bool kernel_stack_addr_valid(unsigned long addr);
void do_IRQ(struct pt_regs *regs);
void preempt_schedule_irq(void);

static struct gate_struct idt[NR_VECTORS] __aligned(8);
static unsigned long unexpected_vectors;
static int die_counter;

static void set_intr_gate(unsigned int vector, const void *handler)
{
	u32 addr = (u32)(uintptr_t)handler;

	idt[vector] = (struct gate_struct){
		.offset_low = addr & 0xffff,
		.segment = __KERNEL_CS,
		.zero = 0,
		.type_attr = 0x8e,	/* present, ring 0, 32-bit interrupt gate */
		.offset_high = addr >> 16,
	};
}

/* Vector @vector switches to the task in TSS @tss_selector (SDM 3A 7.3). */
void set_task_gate(unsigned int vector, unsigned int tss_selector)
{
	idt[vector] = (struct gate_struct){
		.offset_low = 0, .segment = (u16)tss_selector, .zero = 0,
		.type_attr = 0x85,	/* present, ring 0, task gate */
		.offset_high = 0,
	};
}

void idt_init(void)
{
	struct desc_ptr idtr = {
		.size = sizeof(idt) - 1,
		.address = (u32)(uintptr_t)idt,
	};

	/* Interrupt gates (not trap gates): IF is cleared on entry, always. */
	for (unsigned int v = 0; v < NR_STUBS; v++)
		set_intr_gate(v, interrupt_stubs + v * 16);
	__asm__ __volatile__("lidt %0" : : "m"(idtr));
}

static void show_regs(struct pt_regs *regs)
{
	printk(KERN_EMERG "EIP: %04x:[<%08x>] EFLAGS: %08x\n",
	       regs->cs & 0xffff, regs->eip, regs->eflags);
	printk(KERN_EMERG "EIP is at %pS\n", (void *)(uintptr_t)regs->eip);
	printk(KERN_EMERG "EAX: %08x EBX: %08x ECX: %08x EDX: %08x\n",
	       regs->eax, regs->ebx, regs->ecx, regs->edx);
	printk(KERN_EMERG "ESI: %08x EDI: %08x EBP: %08x ESP: %08lx\n",
	       regs->esi, regs->edi, regs->ebp, kernel_stack_pointer(regs));
	printk(KERN_EMERG " DS: %04x ES: %04x FS: %04x GS: %04x\n",
	       regs->ds & 0xffff, regs->es & 0xffff, regs->fs & 0xffff,
	       regs->gs & 0xffff);
	printk(KERN_EMERG "CR0: %08lx CR2: %08lx CR3: %08lx CR4: %08lx\n",
	       read_cr0(), read_cr2(), read_cr3(), read_cr4());
}

/*
 * GCC gives a leaf function that needs no stack no frame, even under
 * -fno-omit-frame-pointer, so the ebp chain skips its caller. The caller's
 * return address is then the word at the interrupted ESP. Believe that
 * word only if the instruction before it is a `call rel32` whose target
 * is the start of the faulting function.
 */
static unsigned long frameless_caller(const struct pt_regs *regs)
{
	unsigned long sp = kernel_stack_pointer(regs), off, ret;
	const u8 *call;

	if (!kallsyms_lookup(regs->eip, NULL, &off) ||
	    !kernel_stack_addr_valid(sp))
		return 0;
	ret = *(const unsigned long *)sp;
	if (!kallsyms_lookup(ret - 5, NULL, NULL))
		return 0;
	call = (const u8 *)(ret - 5);
	if (call[0] != 0xe8 ||
	    ret + (unsigned long)*(const s32 *)(call + 1) != regs->eip - off)
		return 0;
	return ret;
}

static __noreturn void die(const char *str, struct pt_regs *regs)
{
	oops_in_progress = 1;
	printk(KERN_EMERG "%s: %04x [#%d]\n", str, regs->error_code & 0xffff,
	       ++die_counter);
	show_regs(regs);
	printk(KERN_EMERG "Call Trace:\n");
	if (frameless_caller(regs))
		show_trace_entry(frameless_caller(regs));
	show_trace(regs->ebp);
	panic("Fatal exception");
}

static __noreturn void do_page_fault(struct pt_regs *regs)
{
	unsigned long address = read_cr2();
	unsigned long ec = regs->error_code;

	oops_in_progress = 1;
	if (address < 4096)
		printk(KERN_EMERG "BUG: unable to handle kernel NULL pointer dereference at %08lx\n",
		       address);
	else
		printk(KERN_EMERG "BUG: unable to handle kernel paging request at %08lx\n",
		       address);
	printk(KERN_EMERG "IP: [<%08x>] %pS\n", regs->eip,
	       (void *)(uintptr_t)regs->eip);
	printk(KERN_EMERG "Fault: %s of a %s page%s%s\n",
	       (ec & PF_INSTR) ? "instruction fetch" :
	       (ec & PF_WRITE) ? "write" : "read",
	       (ec & PF_PROT) ? "protected" : "not-present",
	       (ec & PF_RSVD) ? ", reserved bit set" : "",
	       (ec & PF_USER) ? ", from user mode" : "");
	die("Oops", regs);
}

static void do_trap(struct pt_regs *regs)
{
	unsigned int v = regs->vector;
	const char *name = exception_names[v] ? exception_names[v] : "exception";

	if (v == 14)
		do_page_fault(regs);
	oops_in_progress = 1;
	printk(KERN_EMERG "%s in kernel mode (vector %u)\n", name, v);
	die(name, regs);
}

/* The one C entry point for every vector; see kernel/entry.S. */
void do_interrupt(struct pt_regs *regs)
{
	if (regs->vector < FIRST_EXTERNAL_VECTOR)
		do_trap(regs);
	else if (regs->vector < NR_STUBS)
		do_IRQ(regs);
	else
		unexpected_vectors++;
	/*
	 * Kernel preemption: the interrupted code allowed it (count 0,
	 * interrupts were on) and the tick or a wake-up asked for it. The
	 * task sleeps here, inside its own interrupt frame, and irets when
	 * it next runs.
	 */
	if (!preempt_count() && current->need_resched &&
	    (regs->eflags & X86_EFLAGS_IF))
		preempt_schedule_irq();
}
