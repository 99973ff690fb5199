/*
 * asm/io.h - x86 port I/O. Port numbers and widths come from the device's
 * datasheet; each helper is one instruction.
 */
#ifndef _ASM_IO_H
#define _ASM_IO_H

#include "types.h"

static inline void outb(u8 v, u16 port)
{
	__asm__ __volatile__("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outw(u16 v, u16 port)
{
	__asm__ __volatile__("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outl(u32 v, u16 port)
{
	__asm__ __volatile__("outl %0, %1" : : "a"(v), "Nd"(port));
}

static inline u8 inb(u16 port)
{
	u8 v;

	__asm__ __volatile__("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline u16 inw(u16 port)
{
	u16 v;

	__asm__ __volatile__("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline u32 inl(u16 port)
{
	u32 v;

	__asm__ __volatile__("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void insw(u16 port, void *buf, unsigned long count)
{
	__asm__ __volatile__("rep insw"
			     : "+D"(buf), "+c"(count) : "d"(port) : "memory");
}

static inline void outsw(u16 port, const void *buf, unsigned long count)
{
	__asm__ __volatile__("rep outsw"
			     : "+S"(buf), "+c"(count) : "d"(port));
}

/* Port 0x80 is the POST code port: writing it takes ~1 us on a PC. */
static inline void io_delay(void)
{
	outb(0, 0x80);
}

/*
 * Memory-mapped device registers (kernel/ioremap.c). ioremap() maps
 * @size bytes of physical address space at @phys, uncached, into the
 * vmalloc area and returns the address of @phys there; NULL if it
 * cannot. Process context. Registers are read and written with
 * readl/writel, whose volatile access the compiler may not merge,
 * reorder against each other, or drop.
 */
void *ioremap(phys_addr_t phys, size_t size);
void iounmap(void *addr);

static inline u32 readl(const volatile void *addr)
{
	return *(const volatile u32 *)addr;
}

static inline void writel(u32 v, volatile void *addr)
{
	*(volatile u32 *)addr = v;
}

#endif
