# The SDK's target-side parts: libmicrokit (the PD runtime) and the
# initialiser (the root task that builds a system from loader.img's
# specification), and `make sdk`, which lays them out with the kernel, the
# headers and the tool as the Microkit SDK is laid out:
#   $(SDK_DIR)/bin/cairn (and bin/microkit, the same tool)
#   $(SDK_DIR)/board/x86_64_generic/<config>/{include,lib,elf}

SDK_INC := -I sdk/include -I sdk/libmicrokit/include
MICROKIT_LIB := $(O)/sdk/lib/libmicrokit.a
MICROKIT_OBJ := $(O)/sdk/libmicrokit/main.o $(O)/sdk/libmicrokit/crt0.o
MICROKIT_LD := sdk/libmicrokit/microkit.ld
INITIALISER_ELF := $(O)/sdk/initialiser.elf
INITIALISER_OBJ := $(patsubst %.c,$(O)/%.o,$(wildcard sdk/initialiser/*.c))
ALL_TARGETS += $(MICROKIT_LIB) $(INITIALISER_ELF)

$(O)/sdk/libmicrokit/%.o: sdk/libmicrokit/%.c $(MAKEFILE_LIST) | $(GEN_HEADERS)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(KCC) $(USER_CFLAGS) $(USER_INC) $(SDK_INC) $(DEPFLAGS) -c $< -o $@

$(O)/sdk/libmicrokit/%.o: sdk/libmicrokit/%.S $(MAKEFILE_LIST)
	$(call msg,AS,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(KCC) $(KERNEL_ASFLAGS) $(DEPFLAGS) -c $< -o $@

# PD programs link only libmicrokit: it carries the string functions the
# compiler may call (libc's copy of kernel/lib/string.c).
$(MICROKIT_LIB): $(MICROKIT_OBJ) $(O)/lib/c/kstring.o
	$(call msg,AR,$@)
	$(Q)mkdir -p $(@D)
	$(Q)rm -f $@
	$(Q)ar rcs $@ $^

$(O)/sdk/initialiser/%.o: sdk/initialiser/%.c $(MAKEFILE_LIST) | $(GEN_HEADERS)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(KCC) $(USER_CFLAGS) $(USER_INC) $(CAIRN_INC) $(SDK_INC) $(DEPFLAGS) -c $< -o $@

$(INITIALISER_ELF): $(INITIALISER_OBJ) $(CAIRN_LIB) $(USER_LINK_DEPS)
	$(call msg,LD,$@)
	$(Q)$(call user_link,$@,$(INITIALISER_OBJ) $(CAIRN_LIB))

# $(call pd_link,output,objects): links a PD program against libmicrokit.
pd_link = $(LD) $(USER_LDFLAGS) -T $(MICROKIT_LD) -o $(1) $(2) $(MICROKIT_LIB)

-include $(MICROKIT_OBJ:.o=.d) $(INITIALISER_OBJ:.o=.d)
