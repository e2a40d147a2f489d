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
# compiler may call (libc's copy of kernel/lib/string.c) and libsel4's IPC
# buffer pointer.
$(MICROKIT_LIB): $(MICROKIT_OBJ) $(O)/lib/c/kstring.o $(O)/lib/sel4/ipc_buffer.o
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

# --- make sdk: the SDK directory ------------------------------------------

SDK_DIR := $(O)/cairn-sdk
SDK_TOOL := $(O)/sdk/bin/cairn
SDK_CONFIGS := debug release

# One board directory per configuration; Cairn builds one kernel for both.
define sdk_board_rules
$(SDK_DIR)/board/x86_64_generic/$(1)/.stamp: $(KERNEL_ELF) $(KERNEL_IMAGE) $(INITIALISER_ELF) \
  $(MICROKIT_LIB) $(MICROKIT_LD) $(GEN_HEADERS) sdk/board/gen_config.h \
  $(wildcard sdk/include/cairn/*.h sdk/libmicrokit/include/*.h lib/sel4/include/sel4/*.h)
	$$(call msg,SDK,$$(@D))
	$$(Q)rm -rf $$(@D) && mkdir -p $$(@D)/include/kernel $$(@D)/lib $$(@D)/elf
	$$(Q)cp -r lib/sel4/include/sel4 lib/sel4/arch/$(ARCH)/include/sel4 sdk/include/cairn \
	  $$(@D)/include/
	$$(Q)cp -r $(GEN_DIR)/include/sel4/. $$(@D)/include/sel4/
	$$(Q)cp sdk/libmicrokit/include/microkit.h $$(@D)/include/
	$$(Q)cp sdk/board/gen_config.h $$(@D)/include/kernel/gen_config.h
	$$(Q)cp $(MICROKIT_LIB) $(MICROKIT_LD) $$(@D)/lib/
	$$(Q)cp $(KERNEL_ELF) $$(@D)/elf/sel4.elf
	$$(Q)cp $(KERNEL_IMAGE) $$(@D)/elf/sel4_32.elf
	$$(Q)cp $(INITIALISER_ELF) $$(@D)/elf/initialiser.elf
	$$(Q)touch $$@
endef
$(foreach c,$(SDK_CONFIGS),$(eval $(call sdk_board_rules,$(c))))

SDK_STAMPS := $(foreach c,$(SDK_CONFIGS),$(SDK_DIR)/board/x86_64_generic/$(c)/.stamp)

sdk: $(SDK_STAMPS) sdk-tool
	$(Q)mkdir -p $(SDK_DIR)/bin
	$(Q)cp $(SDK_TOOL) $(SDK_DIR)/bin/cairn
	$(Q)ln -sf cairn $(SDK_DIR)/bin/microkit
	$(call msg,SDK,$(SDK_DIR))

# Every example, built by its own Makefile against the SDK and booted.
test-examples: sdk
	$(Q)mkdir -p $(O)/results
	$(Q)tools/run-examples $(SDK_DIR) $(O)/examples $(O)/results/examples.result

.PHONY: sdk test-examples
