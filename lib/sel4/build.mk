# libsel4 for user programs: crt0 (linked first, not archived), the root task
# runtime, and the link recipe every user program uses. Needs interface/build.mk
# included first: <sel4/sel4.h> includes the generated stubs, so every user
# object also takes `| $(GEN_HEADERS)` (order-only; -MMD tracks the rest).

USER_INC := -I lib/sel4/include -I lib/sel4/arch/$(ARCH)/include $(GEN_USER_INC) -I lib/c/include
SEL4_CRT0 := $(O)/lib/sel4/crt0.o
SEL4_LIB := $(O)/lib/libsel4.a
SEL4_OBJ := $(O)/lib/sel4/runtime.o $(O)/lib/sel4/ipc_buffer.o
USER_LDSCRIPT := lib/sel4/user.ld
ALL_TARGETS += $(SEL4_CRT0) $(SEL4_LIB)

$(SEL4_CRT0): lib/sel4/arch/$(ARCH)/crt0.S $(MAKEFILE_LIST)
	$(call msg,AS,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(KCC) $(KERNEL_ASFLAGS) $(DEPFLAGS) -c $< -o $@

$(O)/lib/sel4/%.o: lib/sel4/%.c $(MAKEFILE_LIST) | $(GEN_HEADERS)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(KCC) $(USER_CFLAGS) $(USER_INC) $(DEPFLAGS) -c $< -o $@

$(SEL4_LIB): $(SEL4_OBJ)
	$(call msg,AR,$@)
	$(Q)rm -f $@
	$(Q)ar rcs $@ $^

# $(call user_link,output,objects): links a user program at USER_LDSCRIPT's
# base with crt0, libsel4 and libc. Use as a recipe line.
user_link = $(LD) $(USER_LDFLAGS) -T $(USER_LDSCRIPT) -o $(1) $(SEL4_CRT0) $(2) \
  $(SEL4_LIB) $(LIBC) $(SEL4_LIB)
USER_LINK_DEPS = $(SEL4_CRT0) $(SEL4_LIB) $(LIBC) $(USER_LDSCRIPT)

-include $(SEL4_CRT0:.o=.d) $(SEL4_OBJ:.o=.d)
