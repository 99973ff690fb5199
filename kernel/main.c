/*
 * main.c - start_kernel: bring the machine up in dependency order (Linux's
 * init/main.c).
 *
 * Order matters and each step says why it is where it is. When everything
 * is up we either run the in-kernel tests (ktest=) or start the shell
 * (shell/) on the console.
 */
#include "kernel.h"
#include "console.h"
#include "init.h"
#include "completion.h"
#include "interrupt.h"
#include "kthread.h"
#include "kunit.h"
#include "blkdev.h"
#include "mm.h"
#include "slab.h"
#include "sched.h"
#include "shell.h"
#include "string.h"
#include "timer.h"
#include "asm/desc.h"
#include "asm/irqflags.h"

#ifndef LANTERN_VERSION
#define LANTERN_VERSION "unknown"
#endif

/* Each of these lives in the file named after it. */
void serial_early_init(void);		/* drivers/tty/serial.c */
void serial_init_irq(void);
void vga_init(void);			/* drivers/tty/vga.c */
void keyboard_init(void);		/* drivers/tty/keyboard.c */
void setup_multiboot(u32 magic, u32 info_phys);	/* kernel/setup.c */
void print_memory_map(void);
void setup_memory(void);
void init_IRQ(void);			/* kernel/irq.c */
void tsc_init(void);			/* kernel/time.c */
void time_init(void);
void doublefault_init(void);		/* kernel/doublefault.c */
void sched_init(void);			/* kernel/sched.c */
__noreturn void cpu_idle(void);
void fork_init(void);			/* kernel/fork.c */
bool ktest_requested(void);		/* tests/kernel/kunit.c */
void ktest_main(void);
extern char boot_image_path[];

static const char linux_banner[] =
	"Lantern version " LANTERN_VERSION " (gcc " __VERSION__ ") i686 teaching kernel\n";

static DECLARE_COMPLETION(kthreadd_done);

/*
 * pid 1: everything after the core is up runs here, in a real task that
 * may sleep: the in-kernel tests, or the console.
 */
static int kernel_init(void *unused)
{
	u64 ns;

	(void)unused;
	/* kthread_create() needs kthreadd; rest_init() may not have made it yet. */
	wait_for_completion(&kthreadd_done);
	do_initcalls();
	if (ktest_requested())
		ktest_main();	/* does not return under QEMU */

	ns = local_clock();
	pr_info("Boot took %lu.%03lu ms (kernel entry to prompt)\n",
		(unsigned long)(ns / 1000000), (unsigned long)(ns / 1000 % 1000));
	shell_main();
}

/*
 * Linux's rest_init: the boot task starts kernel_init (pid 1) and kthreadd
 * (pid 2) with kernel_thread() directly (kthreadd cannot be made by
 * kthreadd), then becomes the idle task.
 */
static __noreturn void rest_init(void)
{
	int pid;

	kernel_thread(kernel_init, NULL, "init");
	pid = kernel_thread(kthreadd, NULL, "kthreadd");
	if (pid < 0)
		panic("cannot start kthreadd (error %d)", pid);
	kthreadd_task = find_task_by_pid(pid);
	complete(&kthreadd_done);
	cpu_idle();
}

void start_kernel(u32 magic, u32 info_phys)
{
	char cmdline[COMMAND_LINE_SIZE];

	/* The loader's GDT may be anywhere; ours must be in place first. */
	gdt_init();
	/* Read the hand-off before anything allocates over it. */
	setup_multiboot(magic, info_phys);
	/*
	 * Parameters before consoles, so console= and loglevel= apply from
	 * the first line shown. What printk logs now is replayed to each
	 * console as it registers.
	 */
	strlcpy(cmdline, boot_command_line, sizeof(cmdline));
	parse_kernel_params(cmdline);
	printk(KERN_NOTICE "%s", linux_banner);
	/* Timestamps read 0 until the TSC is calibrated, as in Linux. */
	tsc_init();
	serial_early_init();
	pr_notice("Command line: %s\n", boot_command_line);
	pr_info("Boot image: %s\n", boot_image_path);
	print_memory_map();
	setup_memory();
	kmem_cache_init();
	bio_init_sets();
	/* The VGA buffer is reached through the direct map set up above. */
	vga_init();
	idt_init();
	/* Stack overflows hit a guard page and end in a double fault. */
	doublefault_init();
	init_IRQ();
	sched_init();
	fork_init();
	init_timers();
	time_init();
	serial_init_irq();
	keyboard_init();
	local_irq_enable();
	rest_init();
}
