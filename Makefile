# Lantern - build, boot, debug and test.
#
#   make            build/lantern.elf (+ .sym, .asm)     make iso   iso/lantern.iso
#   make run        boot the ISO in QEMU (serial on this terminal; Ctrl-A X quits)
#   make debug      QEMU halted with a gdb stub; prints the gdb command to attach
#   make test       every test layer; last line "N passed, N failed"
#   make clean      remove build outputs
#
# V=1 shows full commands. KARGS="..." boots with that kernel command line
# (run and debug then load build/lantern.elf directly, since GRUB's command
# line is fixed in the ISO).

SHELL    := /bin/bash
CROSS    ?= i686-linux-gnu-
CC       := $(CROSS)gcc
NM       := $(CROSS)nm
OBJDUMP  := $(CROSS)objdump
QEMU     ?= qemu-system-i386
VERSION  := 0.1
BUILD    ?= build
OBJ      := $(BUILD)/obj
Q        := $(if $(filter 1,$(V)),,@)
say       = $(if $(filter 1,$(V)),,@printf '  %-8s %s\n' $(1) $(2);)

KERNEL_DIRS := boot kernel kernel/mm lib block block/partitions drivers/tty drivers/pci drivers/block drivers/ata drivers/acpi shell tests/kernel tools/bench/kernel
# Elevators register in link order and `sched` lists them so: Linux's
# block/Makefile order, for the "noop deadline [cfq]" a reader knows.
ELEVATORS := block/noop-iosched.c block/deadline-iosched.c block/cfq-iosched.c
dir_srcs  = $(wildcard $(1)/*.c $(1)/*.S)
SRCS     := $(foreach d,$(KERNEL_DIRS),$(if $(filter block,$(d)),\
	      $(ELEVATORS) $(filter-out $(ELEVATORS),$(call dir_srcs,$(d))),$(call dir_srcs,$(d))))
OBJS     := $(patsubst %,$(OBJ)/%.o,$(basename $(SRCS)))

# -fno-pie: Debian's gcc defaults to PIE, which a kernel linked at a fixed
# address cannot use. Frame pointers make backtraces possible (GCC still
# gives stack-less leaf functions none; kernel/traps.c copes); general
# registers only, because the kernel does not save FPU/SSE state.
CFLAGS   := -std=gnu11 -m32 -O2 -g -ffreestanding -fno-pie -fno-pic \
	    -fno-stack-protector -fno-omit-frame-pointer -mgeneral-regs-only \
	    -fno-strict-aliasing -fno-common -Wa,--noexecstack -Wall -Wextra -Werror \
	    -Wno-unused-parameter -iquote include -MMD -MP \
	    -DLANTERN_VERSION='"$(VERSION)"'
LDFLAGS  := -m32 -nostdlib -no-pie -T linker.ld -Wl,-z,max-page-size=0x1000 \
	    -Wl,--build-id=none -Wl,--no-warn-rwx-segments

QEMU_MEM  ?= 128M
QEMU_BASE := -m $(QEMU_MEM) -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04
# A window shows the VGA console where a display exists; the serial
# console is always on this terminal, multiplexed with QEMU's monitor.
QEMU_DISPLAY := $(if $(DISPLAY),,-display none) -serial mon:stdio
# make run's disks, made on first use (scripts/mkdisk) and kept between
# runs (make clean leaves them): sda on an ICH9 AHCI controller, hda on
# the PIIX IDE primary channel.
RUN_DISKS := disks/ide0.img disks/ahci0.img
QEMU_DISKS := -drive file=disks/ide0.img,format=raw,if=ide,index=0 \
	      -device ahci,id=ahci -drive file=disks/ahci0.img,format=raw,if=none,id=ahci0 \
	      -device ide-hd,drive=ahci0,bus=ahci.0
QEMU_BOOT := $(if $(KARGS),-kernel $(BUILD)/lantern.elf -append "$(KARGS)",-cdrom iso/lantern.iso -boot d)
GDBPORT  ?= $(shell echo $$(( 20000 + $$(id -u) % 10000 )))

all: $(BUILD)/lantern.elf

# A change of flags must rebuild everything compiled with them.
$(OBJS): Makefile

$(OBJ)/%.o: %.c
	@mkdir -p $(dir $@)
	$(call say,CC,$<)$(CC) $(CFLAGS) -c $< -o $@

$(OBJ)/%.o: %.S
	@mkdir -p $(dir $@)
	$(call say,AS,$<)$(CC) $(CFLAGS) -c $< -o $@

# The symbol table is built from a first link and linked into a second.
# .kallsyms comes after all code in linker.ld, so the functions cannot
# move between the two links; the cmp below proves it on every build.
$(BUILD)/kallsyms0.S: scripts/kallsyms.awk
	@mkdir -p $(BUILD)
	$(Q)awk -f $< </dev/null >$@

$(OBJ)/kallsyms%.o: $(BUILD)/kallsyms%.S
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/lantern.elf: $(OBJS) $(OBJ)/kallsyms0.o linker.ld scripts/kallsyms.awk
	$(call say,LD,$@)$(CC) $(LDFLAGS) -o $(BUILD)/.tmp_lantern1.elf $(OBJS) $(OBJ)/kallsyms0.o -lgcc
	$(Q)$(NM) -n $(BUILD)/.tmp_lantern1.elf | awk -f scripts/kallsyms.awk >$(BUILD)/kallsyms1.S
	$(Q)$(CC) $(CFLAGS) -c $(BUILD)/kallsyms1.S -o $(OBJ)/kallsyms1.o
	$(Q)$(CC) $(LDFLAGS) -o $@ $(OBJS) $(OBJ)/kallsyms1.o -lgcc
	$(Q)cmp -s <($(NM) -n $(BUILD)/.tmp_lantern1.elf | grep ' [tT] ') \
		   <($(NM) -n $@ | grep ' [tT] ') || \
		{ echo "kallsyms: functions moved between links" >&2; rm -f $@; exit 1; }
	$(Q)$(NM) -n $@ >$(BUILD)/lantern.sym
	$(Q)$(OBJDUMP) -d -S $@ >$(BUILD)/lantern.asm

iso: iso/lantern.iso

iso/lantern.iso: $(BUILD)/lantern.elf iso/grub.cfg
	@mkdir -p $(BUILD)/isodir/boot/grub
	$(Q)cp $(BUILD)/lantern.elf $(BUILD)/isodir/boot/lantern.elf
	$(Q)cp iso/grub.cfg $(BUILD)/isodir/boot/grub/grub.cfg
	$(call say,ISO,$@)grub-mkrescue -o $@ $(BUILD)/isodir >$(BUILD)/grub-mkrescue.log 2>&1 || \
		{ cat $(BUILD)/grub-mkrescue.log >&2; exit 1; }

deps:
	$(Q)bash scripts/deps

disks/%.img:
	$(Q)bash scripts/mkdisk $@

run: deps
	$(Q)$(MAKE) --no-print-directory iso $(RUN_DISKS)
	$(QEMU) $(QEMU_BASE) $(QEMU_DISPLAY) $(QEMU_BOOT) $(QEMU_DISKS)

$(BUILD)/gdbinit: tools/gdb/gdbinit.in Makefile
	@mkdir -p $(BUILD)
	$(Q)sed -e 's|@GDBPORT@|$(GDBPORT)|g' -e 's|@TOP@|$(CURDIR)|g' \
		-e 's|@ELF@|$(abspath $(BUILD))/lantern.elf|g' $< >$@

debug: deps
	$(Q)$(MAKE) --no-print-directory iso $(BUILD)/gdbinit $(RUN_DISKS)
	@echo "QEMU is halted before the first instruction. Attach from another terminal with:"
	@echo
	@echo "    gdb -x $(abspath $(BUILD))/gdbinit"
	@echo
	$(QEMU) $(QEMU_BASE) $(QEMU_DISPLAY) $(QEMU_BOOT) $(QEMU_DISKS) -S -gdb tcp:127.0.0.1:$(GDBPORT)

test: deps
	$(Q)$(MAKE) --no-print-directory all iso
	$(Q)bash tests/run-all

# Figures for docs/BENCHMARKS.md: simdisk workloads per elevator (QEMU)
# and instructions per bio (callgrind). Targets are reported, not enforced.
bench: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)/usr/bin/python3 tools/bench/run --kernel $(BUILD)/lantern.elf

clean:
	rm -rf $(BUILD) iso/lantern.iso

-include $(shell find $(OBJ) -name '*.d' 2>/dev/null)

.PHONY: all iso deps run debug test bench clean
