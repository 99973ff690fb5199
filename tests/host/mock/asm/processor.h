/*
 * asm/processor.h for host tests against a device model: of the CPU
 * instructions, only the spin-wait hint. It is a tick of the model's
 * clock, so a loop that spins on cpu_relax() without touching a port
 * still moves simulated time on and reaches its time limit.
 */
#ifndef _ASM_PROCESSOR_H
#define _ASM_PROCESSOR_H

void ide_sim_relax(void);

static inline void cpu_relax(void)
{
	ide_sim_relax();
}

#endif
