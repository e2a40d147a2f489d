# Cairn's small user C library. Its string and formatting code is the
# kernel's (kernel/lib/string.c, printf.c), built again with user flags so
# there is one implementation, unit-tested once.

LIBC := $(O)/lib/libc.a
LIBC_OBJ := $(O)/lib/c/stdio.o $(O)/lib/c/string_extra.o $(O)/lib/c/kstring.o \
  $(O)/lib/c/kprintf.o
LIBC_KERNEL_INC := -I kernel/include -I kernel/arch/$(ARCH)/include
ALL_TARGETS += $(LIBC)

$(O)/lib/c/%.o: lib/c/%.c $(MAKEFILE_LIST) | $(GEN_HEADERS)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(KCC) $(USER_CFLAGS) $(USER_INC) $(LIBC_KERNEL_INC) $(DEPFLAGS) -c $< -o $@

$(O)/lib/c/kstring.o: kernel/lib/string.c $(MAKEFILE_LIST)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(KCC) $(USER_CFLAGS) $(LIBC_KERNEL_INC) $(DEPFLAGS) -c $< -o $@

$(O)/lib/c/kprintf.o: kernel/lib/printf.c $(MAKEFILE_LIST)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(KCC) $(USER_CFLAGS) $(LIBC_KERNEL_INC) $(DEPFLAGS) -c $< -o $@

$(LIBC): $(LIBC_OBJ)
	$(call msg,AR,$@)
	$(Q)rm -f $@
	$(Q)ar rcs $@ $^

-include $(LIBC_OBJ:.o=.d)
