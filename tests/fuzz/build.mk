# Fuzz targets (STYLE.md "Tests", TOOLING.md §3): one tests/fuzz/fuzz_<target>.c
# per parser or decoder, each defining LLVMFuzzerTestOneInput, built two ways:
#
#   make fuzz       clang-14 with libFuzzer, ASan and UBSan; runs each target
#                   for FUZZ_TIME seconds (default 30) on its committed corpus
#                   tests/fuzz/corpus/<target>/ plus $(O)/fuzz/corpus-<target>/,
#                   where the new inputs it finds go; crashes are written to
#                   $(O)/fuzz/crashes-<target>/. Never writes into the tree.
#   make test-fuzz  HOST_CC with ASan and UBSan plus tests/fuzz/replay_main.c:
#                   replays every committed corpus file, one test each (part
#                   of `make test`; needs no clang). Writes "<passed> <failed>"
#                   to $(O)/results/fuzz.result.
#
# Kernel sources compile unchanged, with the host unit tests' flags and the
# host architecture double (kernel/arch/host).

FUZZ_OUT := $(O)/fuzz
FUZZ_CC ?= clang-14
FUZZ_TIME ?= 30
# Extra libFuzzer flags for `make fuzz`, e.g. FUZZ_ARGS=-jobs=2.
FUZZ_ARGS ?=
FUZZ_TARGETS := elf multiboot decode sdf

FUZZ_INC := -I kernel/include -I kernel/arch/host/include -I lib/sel4/include $(GEN_KERNEL_INC) \
  -I kernel/arch/x86_64/include -I sdk/tool -I sdk/include $(XML_CFLAGS)
# _XOPEN_SOURCE: the SDK tool's sources use POSIX (as in sdk/tool/build.mk).
FUZZ_DEFS := -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION -D_XOPEN_SOURCE=700
# kernel/lib/string.c defines the standard names, which belong to libc on the
# host: its host object renames them, as in tests/unit/build.mk.
FUZZ_STRING_RENAMES := -Dmemcpy=kern_memcpy -Dmemmove=kern_memmove -Dmemset=kern_memset \
  -Dmemcmp=kern_memcmp -Dstrlen=kern_strlen -Dstrnlen=kern_strnlen -Dstrncmp=kern_strncmp

# Kernel sources each target links besides its own file.
FUZZ_SRC_elf := kernel/boot/elf.c
FUZZ_SRC_multiboot := kernel/boot/multiboot.c kernel/arch/host/host.c
# The capability system: every object and CSpace source and the invocation
# path (the syscall entry aside), so a new object type is fuzzed as it lands.
FUZZ_SRC_decode := kernel/arch/host/host.c \
  $(sort $(wildcard kernel/cspace/*.c kernel/object/*.c)) \
  $(filter-out kernel/api/syscall.c,$(sort $(wildcard kernel/api/*.c))) \
  kernel/sched/sched.c kernel/sched/budget.c kernel/sched/refill.c \
  kernel/sched/prio_bitmap.c kernel/state.c \
  kernel/lib/printf.c kernel/lib/string.c \
  $(sort $(wildcard kernel/arch/x86_64/object/*.c)) kernel/arch/host/x86_mmu.c
# The SDK tool's parser and checks (everything but its main), with libxml2.
FUZZ_SRC_sdf := $(filter-out sdk/tool/main.c,$(sort $(wildcard sdk/tool/*.c))) kernel/boot/elf.c
# Libraries each target links besides its sources.
FUZZ_LIBS_elf :=
FUZZ_LIBS_multiboot :=
FUZZ_LIBS_decode :=
FUZZ_LIBS_sdf := $(XML_LIBS)

# The replay build: HOST_CC, the host unit tests' warning and sanitizer flags.
FUZZ_REPLAY_OUT := $(FUZZ_OUT)/replay
FUZZ_REPLAY_CFLAGS := $(HOST_TEST_CFLAGS) $(FUZZ_DEFS) $(DEPFLAGS)
FUZZ_REPLAY_BINS := $(patsubst %,$(FUZZ_REPLAY_OUT)/fuzz_%,$(FUZZ_TARGETS))

# The libFuzzer build: clang's warning set; coverage for every object, the
# libFuzzer main only at link time.
FUZZ_LF_OUT := $(FUZZ_OUT)/libfuzzer
FUZZ_LF_CFLAGS := $(WARN) $(WARN_CLANG) $(REPRO) -O1 -g -fno-omit-frame-pointer \
  -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all $(FUZZ_DEFS) $(DEPFLAGS)
FUZZ_LF_LDFLAGS := -fsanitize=fuzzer,address,undefined
FUZZ_LF_BINS := $(patsubst %,$(FUZZ_LF_OUT)/fuzz_%,$(FUZZ_TARGETS))

fuzz_srcs = tests/fuzz/fuzz_$(1).c $(FUZZ_SRC_$(1))
fuzz_objs = $(patsubst %.c,$(2)/obj/%.o,$(1))

# Order-only on the generated headers: the decoders include invocation_labels.h.
$(FUZZ_REPLAY_OUT)/obj/kernel/lib/string.o: kernel/lib/string.c $(MAKEFILE_LIST) | $(GEN_HEADERS)
	$(call msg,HOSTCC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(HOST_CC) $(FUZZ_REPLAY_CFLAGS) $(FUZZ_STRING_RENAMES) $(FUZZ_INC) -c $< -o $@

$(FUZZ_REPLAY_OUT)/obj/%.o: %.c $(MAKEFILE_LIST) | $(GEN_HEADERS)
	$(call msg,HOSTCC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(HOST_CC) $(FUZZ_REPLAY_CFLAGS) $(FUZZ_INC) -c $< -o $@

$(FUZZ_LF_OUT)/obj/kernel/lib/string.o: kernel/lib/string.c $(MAKEFILE_LIST) | $(GEN_HEADERS)
	$(call msg,FUZZCC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(FUZZ_CC) $(FUZZ_LF_CFLAGS) $(FUZZ_STRING_RENAMES) $(FUZZ_INC) -c $< -o $@

$(FUZZ_LF_OUT)/obj/%.o: %.c $(MAKEFILE_LIST) | $(GEN_HEADERS)
	$(call msg,FUZZCC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(FUZZ_CC) $(FUZZ_LF_CFLAGS) $(FUZZ_INC) -c $< -o $@

define fuzz_target_rules
$(FUZZ_REPLAY_OUT)/fuzz_$(1): $(call fuzz_objs,$(call fuzz_srcs,$(1)) tests/fuzz/replay_main.c,$(FUZZ_REPLAY_OUT))
	$$(call msg,HOSTLD,$$@)
	$$(Q)$$(HOST_CC) $$(HOST_TEST_CFLAGS) $$^ $$(FUZZ_LIBS_$(1)) -o $$@

$(FUZZ_LF_OUT)/fuzz_$(1): $(call fuzz_objs,$(call fuzz_srcs,$(1)),$(FUZZ_LF_OUT))
	$$(call msg,FUZZLD,$$@)
	$$(Q)$$(FUZZ_CC) $$(FUZZ_LF_LDFLAGS) $$^ $$(FUZZ_LIBS_$(1)) -o $$@
endef
$(foreach t,$(FUZZ_TARGETS),$(eval $(call fuzz_target_rules,$(t))))

FUZZ_OBJ := $(sort $(foreach t,$(FUZZ_TARGETS), \
  $(call fuzz_objs,$(call fuzz_srcs,$(t)) tests/fuzz/replay_main.c,$(FUZZ_REPLAY_OUT)) \
  $(call fuzz_objs,$(call fuzz_srcs,$(t)),$(FUZZ_LF_OUT))))

.PHONY: fuzz fuzz-deps test-fuzz

test-fuzz: $(FUZZ_REPLAY_BINS)
	$(Q)mkdir -p $(O)/results
	$(Q)tools/run-fuzz-replay $(O)/results/fuzz.result \
	  $(foreach t,$(FUZZ_TARGETS),$(FUZZ_REPLAY_OUT)/fuzz_$(t) tests/fuzz/corpus/$(t))

# clang's libFuzzer runtime is needed only here, not by `make test`.
fuzz-deps:
	$(Q)CAIRN_FUZZ=1 tools/ensure-deps

# Every target runs even if one fails; the libFuzzer log of each is kept in
# $(O)/fuzz/<target>.log and its last lines are shown.
fuzz: fuzz-deps $(FUZZ_LF_BINS)
	$(Q)status=0; \
	for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_OUT)/corpus-$$t $(FUZZ_OUT)/crashes-$$t; \
	  printf '  %-7s %s (%s s)\n' FUZZ $$t '$(FUZZ_TIME)'; \
	  dict=; [ -f tests/fuzz/$$t.dict ] && dict=-dict=tests/fuzz/$$t.dict; \
	  if $(FUZZ_LF_OUT)/fuzz_$$t -max_total_time=$(FUZZ_TIME) -print_final_stats=1 \
	      -artifact_prefix=$(FUZZ_OUT)/crashes-$$t/ $$dict $(FUZZ_ARGS) \
	      $(FUZZ_OUT)/corpus-$$t tests/fuzz/corpus/$$t >$(FUZZ_OUT)/$$t.log 2>&1; then \
	    grep -E '^(Done|stat::(number_of_executed_units|average_exec_per_sec|new_units_added))' \
	      $(FUZZ_OUT)/$$t.log | sed 's/^/          /'; \
	  else \
	    status=1; tail -n 60 $(FUZZ_OUT)/$$t.log; \
	    echo "fuzz: $$t failed; reproducer in $(FUZZ_OUT)/crashes-$$t/, log in $(FUZZ_OUT)/$$t.log"; \
	  fi; \
	done; \
	exit $$status

-include $(FUZZ_OBJ:.o=.d)
