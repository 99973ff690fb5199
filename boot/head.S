/*
 * head.S - the first instructions Lantern runs.
 *
 * GRUB (or QEMU's -kernel loader) finds the multiboot header below, loads
 * the image at its physical address (1 MiB) and jumps to _start in 32-bit
 * protected mode with paging off, EAX = multiboot magic, EBX = physical
 * address of the multiboot information. This file:
 *   1. records the TSC, so the kernel can say how long it took to boot;
 *   2. turns on paging with boot_pgdir: the first 4 MiB identity-mapped
 *      (we are still running there) and physical 0..1 GiB at 0xC0000000;
 *   3. jumps to the higher half, sets up the boot stack, and calls
 *      start_kernel(magic, info). kernel/setup.c later replaces boot_pgdir
 *      with one that maps only RAM and nothing at address 0.
 * Everything in .boot.* is linked at its physical address; the rest of the
 * kernel at physical + 0xC0000000 (see linker.ld).
 */
#include "asm/page.h"

#define MULTIBOOT_HEADER_MAGIC	0x1BADB002
#define MULTIBOOT_PAGE_ALIGN	0x00000001	/* modules page-aligned */
#define MULTIBOOT_MEMORY_INFO	0x00000002	/* we want mem_* and mmap_* */
#define MB_FLAGS		(MULTIBOOT_PAGE_ALIGN | MULTIBOOT_MEMORY_INFO)

#define PDE_4M			(_PAGE_PRESENT | _PAGE_RW | _PAGE_PSE)
#define KERNEL_PDE_INDEX	(PAGE_OFFSET_VAL >> PGDIR_SHIFT)
#define INIT_STACK_SIZE		16384

	/* Multiboot spec 0.6.96, section 3.1.1: in the first 8 KiB, 4-aligned. */
	.section .multiboot, "a"
	.align 4
	.long MULTIBOOT_HEADER_MAGIC
	.long MB_FLAGS
	.long -(MULTIBOOT_HEADER_MAGIC + MB_FLAGS)

	.section .boot.text, "ax"
	.code32
	.globl _start
_start:
	cli
	cld
	/* EAX and EBX carry the loader's hand-off: keep them in ESI/EDI. */
	movl %eax, %esi
	movl %ebx, %edi
	rdtsc
	movl %eax, (boot_tsc - PAGE_OFFSET_VAL)
	movl %edx, (boot_tsc - PAGE_OFFSET_VAL + 4)

	movl $boot_pgdir, %eax
	movl %eax, %cr3
	movl %cr4, %eax
	orl $0x10, %eax			/* CR4.PSE: allow 4 MiB pages */
	movl %eax, %cr4
	movl %cr0, %eax
	orl $0x80010001, %eax		/* CR0.PG | CR0.WP | CR0.PE */
	movl %eax, %cr0

	/* An absolute jump: from here on EIP is a higher-half address. */
	movl $start_high, %eax
	jmp *%eax

	/*
	 * The boot page directory: entry 0 identity-maps the first 4 MiB
	 * (this code), entries 768..1023 map physical 0..1 GiB at 0xC0000000
	 * so start_kernel can read the multiboot information wherever the
	 * loader put it.
	 */
	.section .boot.data, "aw"
	.align 4096
	.globl boot_pgdir
boot_pgdir:
	.set i, 0
	.rept PTRS_PER_PGD
	.if i == 0
	.long PDE_4M
	.elseif i >= KERNEL_PDE_INDEX
	.long ((i - KERNEL_PDE_INDEX) << PGDIR_SHIFT) | PDE_4M
	.else
	.long 0
	.endif
	.set i, i + 1
	.endr

	.text
start_high:
	movl $(init_stack + INIT_STACK_SIZE), %esp
	/* EBP = 0 ends every backtrace here: start_kernel has no caller. */
	xorl %ebp, %ebp
	pushl $0			/* EFLAGS: interrupts off, DF clear */
	popfl
	pushl %edi			/* multiboot info (physical) */
	pushl %esi			/* multiboot magic */
	call start_kernel
	/* start_kernel never returns; if it did, stop here visibly. */
1:	cli
	hlt
	jmp 1b

	.bss
	.align 16
	.globl init_stack
init_stack:
	.skip INIT_STACK_SIZE
	.globl init_stack_end
init_stack_end:

	.data
	.align 8
	.globl boot_tsc
boot_tsc:
	.quad 0
