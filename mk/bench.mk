# `make bench`: builds the benchmark root task (bench/build.mk), the SDK and
# the Microkit benchmark system (bench/microkit/), boots both under QEMU
# (tools/run-bench) and writes the table and $(O)/bench/results.json.
# Never part of `make test`: performance is not a test. `make test-bench`
# (part of `make test`) only checks that the harness works: the root task
# in its quick mode, and the report script on canned logs.

BENCH_OUT := $(O)/bench
BENCH_MICROKIT := $(BENCH_OUT)/microkit

.PHONY: bench test-bench

# `make bench FASTPATH=0` measures the kernel built without the IPC fastpath;
# `make bench KPTI=on` boots with Meltdown isolation forced on (kpti=, on the
# command line, so it applies to either kernel).
FASTPATH ?= 1
BENCH_KERNEL := $(if $(filter 0,$(FASTPATH)),$(KERNEL_NOFP_IMAGE),$(KERNEL_IMAGE))

# The Microkit system is built afresh each time: its image does not depend on the SDK's files.
# Both systems boot BENCH_KERNEL (the SDK's kernel is a copy of KERNEL_IMAGE).
bench: deps $(BENCH_KERNEL) $(BENCH_ELF) sdk
	$(Q)rm -rf $(BENCH_MICROKIT)
	$(Q)$(MAKE) -s -C bench/microkit MICROKIT_SDK=$(abspath $(SDK_DIR)) \
	  BUILD_DIR=$(abspath $(BENCH_MICROKIT)) MICROKIT_CONFIG=release
	$(Q)QEMU_EXTRA="-append kpti=$(KPTI)" \
	  tools/run-bench $(BENCH_KERNEL) $(BENCH_ELF) $(BENCH_MICROKIT) $(BENCH_OUT)

test-bench: $(KERNEL_IMAGE) $(BENCH_ELF)
	$(Q)mkdir -p $(O)/results
	$(Q)tools/run-bench-tests $(KERNEL_IMAGE) $(BENCH_ELF) $(O)/results/bench.result
