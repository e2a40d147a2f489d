# `make run`: build the SDK and the flagship system (flagship/), then boot it
# under QEMU (TCG unless QEMU_ACCEL says otherwise). In a terminal the shell
# is interactive (Ctrl-A X quits QEMU); otherwise a short scripted session
# (flagship/session.txt) is typed in and the run ends with the shell's quit.
# `make run-demo` boots the BootInfo demo root task instead.

.PHONY: run run-demo

FLAGSHIP_BUILD := $(O)/flagship

flagship: sdk
	$(Q)$(MAKE) -s -C flagship MICROKIT_SDK=$(abspath $(SDK_DIR)) BUILD_DIR=$(abspath $(FLAGSHIP_BUILD))

run: deps flagship
	$(Q)if [ -t 0 ]; then \
	  QEMU_TIMEOUT=$${QEMU_TIMEOUT:-86400} tools/qemu-run $(FLAGSHIP_BUILD)/sel4_32.elf \
	    $(FLAGSHIP_BUILD)/loader.img; \
	else \
	  tools/qemu-run --stdin --timeout 120 $(FLAGSHIP_BUILD)/sel4_32.elf \
	    $(FLAGSHIP_BUILD)/loader.img <flagship/session.txt; \
	fi

run-demo: deps $(KERNEL_IMAGE) $(DEMO_ELF)
	$(Q)tools/qemu-run --halt-ok $(KERNEL_IMAGE) $(DEMO_ELF)

.PHONY: flagship
