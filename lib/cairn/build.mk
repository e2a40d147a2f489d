# libcairn: user-level helpers on top of libsel4 for building systems: address
# spaces from capabilities (vspace.c) and ELF loading (elfload.c). The ELF
# parser is the kernel's kernel/boot/elf.c built again with user flags, as
# libc does with the kernel's string code: one implementation, fuzzed once.

CAIRN_LIB := $(O)/lib/libcairn.a
CAIRN_LIB_OBJ := $(O)/lib/cairn/vspace.o $(O)/lib/cairn/elfload.o $(O)/lib/cairn/kelf.o
CAIRN_INC := -I lib/cairn/include
ALL_TARGETS += $(CAIRN_LIB)

$(O)/lib/cairn/%.o: lib/cairn/%.c $(MAKEFILE_LIST) | $(GEN_HEADERS)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(KCC) $(USER_CFLAGS) $(USER_INC) $(CAIRN_INC) $(LIBC_KERNEL_INC) $(DEPFLAGS) -c $< -o $@

$(O)/lib/cairn/kelf.o: kernel/boot/elf.c $(MAKEFILE_LIST)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(KCC) $(USER_CFLAGS) $(LIBC_KERNEL_INC) $(DEPFLAGS) -c $< -o $@

$(CAIRN_LIB): $(CAIRN_LIB_OBJ)
	$(call msg,AR,$@)
	$(Q)rm -f $@
	$(Q)ar rcs $@ $^

-include $(CAIRN_LIB_OBJ:.o=.d)
