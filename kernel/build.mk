# The kernel: generic core (kernel/*/) plus the selected architecture.
# Output: $(O)/kernel/cairn.elf (ELF64, symbols for gdb) and
# $(O)/kernel/cairn32.elf (the same image as ELF32, for QEMU's -kernel).

ifneq ($(ARCH),x86_64)
$(error ARCH=$(ARCH) is not supported; only x86_64 exists so far)
endif

KERNEL_ARCH_DIR := kernel/arch/$(ARCH)
KERNEL_GENERIC_SRC := $(sort kernel/state.c $(wildcard kernel/lib/*.c kernel/boot/*.c \
  kernel/api/*.c kernel/sched/*.c kernel/object/*.c kernel/cspace/*.c))
KERNEL_ARCH_SRC := $(sort $(wildcard $(KERNEL_ARCH_DIR)/*/*.c $(KERNEL_ARCH_DIR)/*/*.S))
KERNEL_OBJ := $(patsubst %,$(O)/kernel/%.o,$(basename $(KERNEL_GENERIC_SRC) $(KERNEL_ARCH_SRC)))
KERNEL_INC := -I kernel/include -I $(KERNEL_ARCH_DIR)/include -I lib/sel4/include $(GEN_KERNEL_INC)

KERNEL_ELF := $(O)/kernel/cairn.elf
KERNEL_IMAGE := $(O)/kernel/cairn32.elf
ALL_TARGETS += $(KERNEL_ELF) $(KERNEL_IMAGE)

# Meltdown isolation when the command line does not say (`kpti=`): auto
# (the CPU decides, kernel/arch/x86_64/machine/kpti.c), on or off. Only
# kpti.o sees the value; the file holding the last one is rewritten when
# KPTI changes, which rebuilds kpti.o.
KPTI ?= auto
ifeq ($(filter $(KPTI),on off auto),)
$(error KPTI=$(KPTI): use on, off or auto)
endif
KPTI_OBJ := $(O)/kernel/$(KERNEL_ARCH_DIR)/machine/kpti.o
KPTI_STAMP := $(O)/kernel/kpti.config
ifneq ($(shell cat $(KPTI_STAMP) 2>/dev/null),$(KPTI))
$(shell mkdir -p $(dir $(KPTI_STAMP)) && echo $(KPTI) >$(KPTI_STAMP))
endif
$(KPTI_OBJ): private KERNEL_CFLAGS += -DCONFIG_KPTI_DEFAULT='"$(KPTI)"'
$(KPTI_OBJ): $(KPTI_STAMP)

# The rules for one kernel build: objects, ELF64 and ELF32 image under
# $(1), with $(2) added to the compiler's and assembler's flags.
define kernel_rules
$(1)/%.o: %.c $$(MAKEFILE_LIST) | $$(GEN_HEADERS)
	$$(call msg,CC,$$@)
	$$(Q)mkdir -p $$(@D)
	$$(Q)$$(KCC) $$(KERNEL_CFLAGS) $(2) $$(KERNEL_INC) $$(DEPFLAGS) -c $$< -o $$@

$(1)/%.o: %.S $$(MAKEFILE_LIST)
	$$(call msg,AS,$$@)
	$$(Q)mkdir -p $$(@D)
	$$(Q)$$(KCC) $$(KERNEL_ASFLAGS) $(2) $$(KERNEL_INC) $$(DEPFLAGS) -c $$< -o $$@

$(1)/cairn.elf: $$(patsubst $$(O)/kernel/%,$(1)/%,$$(KERNEL_OBJ)) $$(KERNEL_ARCH_DIR)/kernel.ld
	$$(call msg,LD,$$@)
	$$(Q)$$(LD) -nostdlib --build-id=none -z max-page-size=0x1000 --no-warn-rwx-segments \
	  -T $$(KERNEL_ARCH_DIR)/kernel.ld -o $$@ $$(filter %.o,$$^)
	$$(Q)tools/check-kernel-layout $$@

$(1)/cairn32.elf: $(1)/cairn.elf
	$$(call msg,OBJCOPY,$$@)
	$$(Q)$$(OBJCOPY) -O elf32-i386 $$< $$@

-include $$(patsubst $$(O)/kernel/%.o,$(1)/%.d,$$(KERNEL_OBJ))
endef

$(eval $(call kernel_rules,$(O)/kernel,))

# The same kernel with the IPC fastpath compiled out (CONFIG_FASTPATH=0):
# the system tests run against it too, so the fastpath cannot change what a
# program observes, and `make bench FASTPATH=0` measures the slowpath.
KERNEL_NOFP_DIR := $(O)/kernel-nofastpath
KERNEL_NOFP_ELF := $(KERNEL_NOFP_DIR)/cairn.elf
KERNEL_NOFP_IMAGE := $(KERNEL_NOFP_DIR)/cairn32.elf
$(eval $(call kernel_rules,$(KERNEL_NOFP_DIR),-DCONFIG_FASTPATH=0))
