# `make run`: build the SDK and the flagship system (flagship/), then boot it
# under QEMU (TCG unless QEMU_ACCEL says otherwise). In a terminal the shell
# is interactive (Ctrl-A X quits QEMU); otherwise a short scripted session
# (flagship/session.txt) is typed in, with a pause after each line, and the
# run ends with the shell's quit.
# `make run-demo` boots the BootInfo demo root task instead.

.PHONY: run run-demo

FLAGSHIP_BUILD := $(O)/flagship

# Built afresh each time: the image does not depend on the SDK's files.
flagship: sdk
	$(Q)rm -rf $(FLAGSHIP_BUILD)
	$(Q)$(MAKE) -s -C flagship MICROKIT_SDK=$(abspath $(SDK_DIR)) BUILD_DIR=$(abspath $(FLAGSHIP_BUILD))

run: deps flagship
	$(Q)tools/run-flagship $(FLAGSHIP_BUILD)

run-demo: deps $(KERNEL_IMAGE) $(DEMO_ELF)
	$(Q)tools/qemu-run --halt-ok $(KERNEL_IMAGE) $(DEMO_ELF)

.PHONY: flagship
