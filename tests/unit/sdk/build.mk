# The system tool's host unit tests (cmocka, ASan/UBSan), one binary per
# test file, each linked with every tool source but main.c. They run as part
# of `make test-unit` (added to UNIT_TEST_BINS, which its recipe reads when
# it runs) and so count in unit.result.

SDK_UNIT_OUT := $(UNIT_OUT)/sdk
SDK_UNIT_NAMES := sdf check elf_file
SDK_UNIT_BINS := $(patsubst %,$(SDK_UNIT_OUT)/test_%,$(SDK_UNIT_NAMES))
SDK_UNIT_LIB_SRC := $(SDK_TOOL_LIB_SRC) tests/unit/sdk/sdk_test.c
SDK_UNIT_INC := $(SDK_TOOL_INC) -I tests/unit/sdk
SDK_UNIT_CFLAGS := $(HOST_TEST_CFLAGS) $(SDK_TOOL_DEFS) $(DEPFLAGS)

sdk_unit_obj = $(patsubst %.c,$(SDK_UNIT_OUT)/obj/%.o,$(1))

$(SDK_UNIT_OUT)/obj/%.o: %.c $(MAKEFILE_LIST)
	$(call msg,HOSTCC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(HOST_CC) $(SDK_UNIT_CFLAGS) $(SDK_UNIT_INC) -c $< -o $@

$(SDK_UNIT_OUT)/test_%: $(SDK_UNIT_OUT)/obj/tests/unit/sdk/test_%.o \
  $(call sdk_unit_obj,$(SDK_UNIT_LIB_SRC))
	$(call msg,HOSTLD,$@)
	$(Q)$(HOST_CC) $(HOST_TEST_CFLAGS) $^ $(UNIT_LDLIBS) $(XML_LIBS) -o $@

UNIT_TEST_BINS += $(SDK_UNIT_BINS)
test-unit: $(SDK_UNIT_BINS)

-include $(patsubst %.o,%.d,$(call sdk_unit_obj,$(SDK_UNIT_LIB_SRC) $(SDK_UNIT_NAMES:%=tests/unit/sdk/test_%.c)))
