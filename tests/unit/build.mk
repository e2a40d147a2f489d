# Host unit tests: cmocka, one binary per kernel module under $(O)/unit/.
# Generic kernel sources are compiled for the host with the full warning set
# and ASan/UBSan, against kernel/arch/host (no x86 headers on the path), so
# an arch leak into the core breaks this build. `make test-unit` runs them
# and writes "<passed> <failed>" to $(O)/results/unit.result.

UNIT_OUT := $(O)/unit
# The x86_64 object code (paging, ASIDs, I/O ports) also runs on the host,
# over the machine-layer double kernel/arch/host/x86_mmu.c: its headers come
# after the host's, and tools/lint-layering keeps them out of the core.
UNIT_INC := -I kernel/include -I kernel/arch/host/include -I lib/sel4/include $(GEN_KERNEL_INC) \
  -I kernel/arch/x86_64/include
UNIT_CFLAGS := $(HOST_TEST_CFLAGS) $(DEPFLAGS)
UNIT_LDLIBS := -lcmocka

# kernel/lib/string.c defines the standard names; on the host those belong to
# libc, so its host object renames them (test_string.c declares the kern_ names).
UNIT_STRING_RENAMES := -Dmemcpy=kern_memcpy -Dmemmove=kern_memmove -Dmemset=kern_memset \
  -Dmemcmp=kern_memcmp -Dstrlen=kern_strlen -Dstrnlen=kern_strnlen -Dstrncmp=kern_strncmp

# The capability system: lookup, derivation tree, deletion, CNode and Untyped
# methods, with the fixture (tests/unit/kernel/cspace_fixture.c) that builds a
# root CNode, a thread and an untyped in fake physical memory.
UNIT_CSPACE_SRC := tests/unit/kernel/cspace_fixture.c \
  $(sort $(wildcard kernel/cspace/*.c kernel/object/*.c)) \
  $(filter-out kernel/api/syscall.c,$(wildcard kernel/api/*.c)) \
  kernel/sched/sched.c kernel/sched/budget.c kernel/sched/refill.c \
  kernel/sched/prio_bitmap.c kernel/state.c \
  kernel/lib/printf.c kernel/lib/string.c \
  $(sort $(wildcard kernel/arch/x86_64/object/*.c)) kernel/arch/host/x86_mmu.c

# Kernel sources each test binary links, besides the host arch double.
UNIT_SRC_printf := kernel/lib/printf.c
UNIT_SRC_string := kernel/lib/string.c
UNIT_SRC_elf := kernel/boot/elf.c
UNIT_SRC_multiboot := kernel/boot/multiboot.c
UNIT_SRC_regions := kernel/boot/regions.c
UNIT_SRC_prio_bitmap := kernel/sched/prio_bitmap.c
# The scheduler's TCBs now cancel IPC, so it links the object layer too.
UNIT_SRC_sched := $(filter-out tests/%,$(UNIT_CSPACE_SRC))
UNIT_SRC_cspace := $(UNIT_CSPACE_SRC)
UNIT_SRC_invocation := $(UNIT_CSPACE_SRC)
UNIT_SRC_cspace_random := $(UNIT_CSPACE_SRC)
UNIT_SRC_delete := $(UNIT_CSPACE_SRC)
UNIT_SRC_ipc := $(UNIT_CSPACE_SRC)
UNIT_SRC_budget := $(UNIT_CSPACE_SRC)
UNIT_SRC_vspace := $(UNIT_CSPACE_SRC)

UNIT_NAMES := printf string elf multiboot regions prio_bitmap sched cspace invocation \
  cspace_random delete ipc budget vspace
UNIT_TEST_BINS := $(patsubst %,$(UNIT_OUT)/test_%,$(UNIT_NAMES))
UNIT_HOST_OBJ := $(UNIT_OUT)/obj/kernel/arch/host/host.o

unit_obj = $(patsubst %.c,$(UNIT_OUT)/obj/%.o,$(1))

# Test sources build with the same full warning set as the kernel sources;
# where cmocka or a deliberately bad format needs it, the test file says so
# with a narrow pragma.
# Order-only on the generated headers: the CNode and Untyped decoders and their
# tests include invocation_labels.h.
$(UNIT_OUT)/obj/tests/%.o: tests/%.c $(MAKEFILE_LIST) | $(GEN_HEADERS)
	$(call msg,HOSTCC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(HOST_CC) $(UNIT_CFLAGS) $(UNIT_INC) -c $< -o $@

$(UNIT_OUT)/obj/kernel/lib/string.o: kernel/lib/string.c $(MAKEFILE_LIST) | $(GEN_HEADERS)
	$(call msg,HOSTCC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(HOST_CC) $(UNIT_CFLAGS) $(UNIT_STRING_RENAMES) $(UNIT_INC) -c $< -o $@

$(UNIT_OUT)/obj/kernel/%.o: kernel/%.c $(MAKEFILE_LIST) | $(GEN_HEADERS)
	$(call msg,HOSTCC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(HOST_CC) $(UNIT_CFLAGS) $(UNIT_INC) -c $< -o $@

define unit_test_rule
$(UNIT_OUT)/test_$(1): $(call unit_obj,tests/unit/kernel/test_$(1).c $(UNIT_SRC_$(1))) \
  $(UNIT_HOST_OBJ)
	$$(call msg,HOSTLD,$$@)
	$$(Q)$$(HOST_CC) $$(HOST_TEST_CFLAGS) $$^ $$(UNIT_LDLIBS) -o $$@
endef
$(foreach t,$(UNIT_NAMES),$(eval $(call unit_test_rule,$(t))))

UNIT_OBJ := $(sort $(UNIT_HOST_OBJ) $(foreach t,$(UNIT_NAMES), \
  $(call unit_obj,tests/unit/kernel/test_$(t).c $(UNIT_SRC_$(t)))))

test-unit: $(UNIT_TEST_BINS)
	$(Q)mkdir -p $(O)/results
	$(Q)tools/run-unit-tests $(O)/results/unit.result $(UNIT_TEST_BINS)

-include $(UNIT_OBJ:.o=.d)
