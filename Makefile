# Cairn: the only entry point of the build. Non-recursive: every component's
# build.mk is included here and appends to the lists below. All output goes
# under $(O). `make help` lists the targets.

MAKEFLAGS += -rR --warn-undefined-variables
.SUFFIXES:
.DELETE_ON_ERROR:
# Objects built through pattern rules are kept, not removed as intermediates
# (that made every run rebuild them and print the removal).
.SECONDARY:
.DEFAULT_GOAL := all

O ?= build
V ?= 0
ARCH ?= x86_64

ifeq ($(V),1)
Q :=
msg = @true
else
Q := @
msg = @printf '  %-7s %s\n' '$(1)' '$(2)'
endif

ALL_TARGETS :=
TEST_TARGETS :=
CLEAN_EXTRA :=

include mk/toolchain.mk
include mk/flags.mk
include interface/build.mk
include kernel/build.mk
include lib/sel4/build.mk
include lib/c/build.mk
include lib/cairn/build.mk
include sdk/build.mk
include user/build.mk
include tests/unit/build.mk
include tests/fuzz/build.mk
include tests/system/build.mk
include sdk/tool/build.mk
# Last of the components: its dependency files then join no other component's
# $(MAKEFILE_LIST) prerequisites, so rebuilding the benchmarks rebuilds nothing else.
include bench/build.mk
include mk/qemu.mk
include mk/bench.mk
include mk/lint.mk

.PHONY: all deps run test test-unit test-system clean help

all: $(ALL_TARGETS)

deps:
	$(Q)tools/ensure-deps

# `make test`: unit tests on the host, the fuzz corpora replayed on the host,
# the system tool's description tests, then the system tests under QEMU,
# the benchmark harness check (never the figures), then one combined
# "N passed, N failed" line. Fails if anything failed or
# nothing ran. Every suite runs even when an earlier one fails, so the
# summary counts everything.
test: deps
	$(Q)rm -rf $(O)/results
	$(Q)$(MAKE) --no-print-directory -k test-unit test-fuzz test-sdf test-system test-examples test-bench || true
	$(Q)tools/test-summary $(O)/results unit fuzz sdf system examples bench

clean:
	rm -rf $(O)

help:
	@echo 'make run          build and boot the demo root task under QEMU'
	@echo 'make test         unit + system tests, ends with "N passed, N failed"'
	@echo 'make test-unit    host unit tests (cmocka, ASan/UBSan)'
	@echo 'make test-system  in-kernel system tests under QEMU'
	@echo 'make test-sdf     the system tool against good and bad system descriptions'
	@echo 'make test-bench   the benchmark harness in its quick mode (part of make test)'
	@echo 'make sdk-tool     build the system tool, build/sdk/bin/cairn'
	@echo 'make bench        benchmarks under QEMU (-icount): table and build/bench/results.json'
	@echo 'make lint         clang-format check, clang-tidy, cppcheck, layering'
	@echo 'make test-fuzz    replay the fuzz corpora (part of make test)'
	@echo 'make fuzz         run the libFuzzer targets (FUZZ_TIME seconds each; needs clang)'
	@echo 'make all          build kernel and user programs'
	@echo 'Options: O=dir (output), V=1 (show commands), KCC=clang (kernel compiler),'
	@echo '         QEMU_ACCEL=kvm (opt in to KVM), QEMU_TIMEOUT=seconds,'
	@echo '         KPTI=auto|on|off (Meltdown isolation unless kpti= on the command line says)'
