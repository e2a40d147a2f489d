# `make run`: build the kernel and the demo root task, then boot them under
# QEMU (TCG unless QEMU_ACCEL says otherwise). Ctrl-A X quits.

.PHONY: run

run: deps $(KERNEL_IMAGE) $(DEMO_ELF)
	$(Q)tools/qemu-run --halt-ok $(KERNEL_IMAGE) $(DEMO_ELF)
