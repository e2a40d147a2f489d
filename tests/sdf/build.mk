# The system tool's description tests (tools/run-sdf-tests): stand-in PD
# programs built from tests/sdf/elf/pd.c with the user toolchain, one per
# variant the fixtures need, into $(SDF_ELF_DIR); `make test-sdf` runs every
# fixture and writes "<passed> <failed>" to $(O)/results/sdf.result.

SDF_ELF_DIR := $(O)/tests/sdf/elf
SDF_VARIANTS := pd:PD_FULL plain: noipc:PD_NO_IPC bss:PD_BSS smallipc:PD_SMALL_IPC \
  roipc:PD_RO_IPC
SDF_ELVES := $(foreach v,$(SDF_VARIANTS),$(SDF_ELF_DIR)/$(firstword $(subst :, ,$(v))).elf) \
  $(SDF_ELF_DIR)/pd-stripped.elf

define sdf_elf_rule
$(SDF_ELF_DIR)/$(1).o: tests/sdf/elf/pd.c $(MAKEFILE_LIST)
	$$(call msg,CC,$$@)
	$$(Q)mkdir -p $$(@D)
	$$(Q)$$(KCC) $$(USER_CFLAGS) $(if $(2),-D$(2)) -c $$< -o $$@

$(SDF_ELF_DIR)/$(1).elf: $(SDF_ELF_DIR)/$(1).o $(USER_LDSCRIPT)
	$$(call msg,LD,$$@)
	$$(Q)$$(LD) $$(USER_LDFLAGS) -T $$(USER_LDSCRIPT) -o $$@ $$<
endef
$(foreach v,$(SDF_VARIANTS),$(eval $(call sdf_elf_rule,$(firstword $(subst :, ,$(v))),$(word 2,$(subst :, ,$(v))))))

# For path_for_symbols: the program without its symbol table.
$(SDF_ELF_DIR)/pd-stripped.elf: $(SDF_ELF_DIR)/pd.elf
	$(call msg,STRIP,$@)
	$(Q)$(OBJCOPY) --strip-all $< $@

.PHONY: test-sdf
test-sdf: $(SDK_TOOL) $(SDF_ELVES)
	$(Q)mkdir -p $(O)/results
	$(Q)tools/run-sdf-tests $(O)/results/sdf.result $(SDK_TOOL) tests/sdf $(SDF_ELF_DIR) \
	  $(O)/tests/sdf/out
