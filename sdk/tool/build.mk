# The SDK's system tool: `make sdk-tool` builds $(O)/sdk/bin/cairn, a host
# program in C11 with libxml2, with the full warning set (mk/flags.mk). It
# also compiles the kernel's ELF validator (kernel/boot/elf.c) against the
# host architecture double, so the tool refuses exactly the program images
# the initialiser's loader would. Its tests: tests/unit/sdk (cmocka),
# tests/sdf (one bad description per error, good ones checked), and the
# fuzz target tests/fuzz/fuzz_sdf.c (tests/fuzz/build.mk).

SDK_TOOL := $(O)/sdk/bin/cairn
SDK_TOOL_LIB_SRC := $(filter-out sdk/tool/main.c,$(sort $(wildcard sdk/tool/*.c))) kernel/boot/elf.c
SDK_TOOL_SRC := sdk/tool/main.c $(SDK_TOOL_LIB_SRC)
SDK_TOOL_OBJ := $(patsubst %.c,$(O)/sdk/obj/%.o,$(SDK_TOOL_SRC))
ALL_TARGETS += $(SDK_TOOL)

SDK_TOOL_INC := -I sdk/tool -I sdk/include -I kernel/include -I kernel/arch/host/include \
  $(XML_CFLAGS)
# POSIX 2008 with XSI: realpath, strtok_r, posix_spawnp.
SDK_TOOL_DEFS := -D_XOPEN_SOURCE=700
SDK_TOOL_CFLAGS := $(HOST_WARN) $(REPRO) $(SDK_TOOL_DEFS) -O2 -g $(DEPFLAGS)

.PHONY: sdk-tool
sdk-tool: $(SDK_TOOL)

$(O)/sdk/obj/%.o: %.c $(MAKEFILE_LIST)
	$(call msg,HOSTCC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(HOST_CC) $(SDK_TOOL_CFLAGS) $(SDK_TOOL_INC) -c $< -o $@

$(SDK_TOOL): $(SDK_TOOL_OBJ)
	$(call msg,HOSTLD,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(HOST_CC) $(SDK_TOOL_OBJ) $(XML_LIBS) -o $@

-include $(SDK_TOOL_OBJ:.o=.d)
include tests/sdf/build.mk
include tests/unit/sdk/build.mk
