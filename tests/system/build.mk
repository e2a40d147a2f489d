# The in-QEMU system tests: one root task (systest.elf) holding every test,
# run once for the suite and once per fault case by tools/run-system-tests.
# hello.elf is a second program, passed as another boot module, that the
# loader test loads into an address space of its own.

SYSTEST_ELF := $(O)/tests/system/systest.elf
SYSTEST_SRC := $(wildcard tests/system/*.c tests/system/*.S)
SYSTEST_OBJ := $(patsubst %,$(O)/%.o,$(basename $(SYSTEST_SRC)))
ALL_TARGETS += $(SYSTEST_ELF)

$(O)/tests/system/%.o: tests/system/%.c $(MAKEFILE_LIST) | $(GEN_HEADERS)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(KCC) $(USER_CFLAGS) $(USER_INC) $(CAIRN_INC) $(DEPFLAGS) -c $< -o $@

$(O)/tests/system/%.o: tests/system/%.S $(MAKEFILE_LIST)
	$(call msg,AS,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(KCC) $(KERNEL_ASFLAGS) $(DEPFLAGS) -c $< -o $@

HELLO_ELF := $(O)/tests/system/hello.elf
HELLO_OBJ := $(O)/tests/system/hello/hello.o
ALL_TARGETS += $(HELLO_ELF)

$(O)/tests/system/hello/%.o: tests/system/hello/%.c $(MAKEFILE_LIST) | $(GEN_HEADERS)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(KCC) $(USER_CFLAGS) $(USER_INC) $(DEPFLAGS) -c $< -o $@

# Not a root task: no crt0, its _start takes what the loader test passes.
$(HELLO_ELF): $(HELLO_OBJ) $(USER_LINK_DEPS)
	$(call msg,LD,$@)
	$(Q)$(LD) $(USER_LDFLAGS) -T $(USER_LDSCRIPT) -o $@ $(HELLO_OBJ) $(SEL4_LIB) $(LIBC) $(SEL4_LIB)

$(SYSTEST_ELF): $(SYSTEST_OBJ) $(CAIRN_LIB) $(USER_LINK_DEPS)
	$(call msg,LD,$@)
	$(Q)$(call user_link,$@,$(SYSTEST_OBJ) $(CAIRN_LIB))

test-system: $(KERNEL_IMAGE) $(KERNEL_NOFP_IMAGE) $(SYSTEST_ELF) $(HELLO_ELF) \
  $(GEN_DIR)/interface_errors.txt
	$(Q)tools/run-system-tests --module $(HELLO_ELF) --nofastpath $(KERNEL_NOFP_IMAGE) \
	  $(KERNEL_IMAGE) $(SYSTEST_ELF) \
	  $(O)/results $(GEN_DIR)/interface_errors.txt

-include $(SYSTEST_OBJ:.o=.d) $(HELLO_OBJ:.o=.d)
