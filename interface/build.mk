# Generated interface code: tools/sel4gen turns interface/*.xml into the
# kernel's invocation labels, libsel4's stubs and label enum, docs/api.md and
# the (method, error) list. Include it before any fragment that uses
# GEN_USER_INC, GEN_KERNEL_INC or GEN_HEADERS. Nothing generated is committed.

GEN_DIR := $(O)/gen
GEN_XML := $(sort $(wildcard interface/*.xml))
GEN_TOOL := tools/sel4gen
GEN_HEADERS := $(GEN_DIR)/kernel/invocation_labels.h $(GEN_DIR)/include/sel4/invocation.h \
  $(GEN_DIR)/include/sel4/interface_stubs.h
GEN_OTHER := $(GEN_DIR)/docs/api.md $(GEN_DIR)/interface_errors.txt
GEN_USER_INC := -I $(GEN_DIR)/include
GEN_KERNEL_INC := -I $(GEN_DIR)/kernel
ALL_TARGETS += $(GEN_HEADERS) $(GEN_OTHER)

# One run writes every output (a grouped target, GNU make 4.3+), so a
# parallel build runs the generator once and a deleted output is remade.
$(GEN_HEADERS) $(GEN_OTHER) &: $(GEN_XML) $(GEN_TOOL) interface/build.mk
	$(call msg,GEN,$(GEN_DIR))
	$(Q)$(PYTHON) $(GEN_TOOL) --out-dir $(GEN_DIR) $(GEN_XML)

.PHONY: interface-check
interface-check:
	$(Q)$(PYTHON) $(GEN_TOOL) --check $(GEN_XML)
