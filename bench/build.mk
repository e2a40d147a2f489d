# The benchmark root task (bench.elf), built like the system tests' root
# task; `make bench` (mk/bench.mk) boots it and the Microkit benchmark
# system (bench/microkit/) and writes the report.

BENCH_ELF := $(O)/bench/bench.elf
BENCH_SRC := $(sort $(wildcard bench/*.c))
BENCH_OBJ := $(patsubst %.c,$(O)/%.o,$(BENCH_SRC))
BENCH_INC := -I bench/arch/$(ARCH)/include
ALL_TARGETS += $(BENCH_ELF)

$(O)/bench/%.o: bench/%.c $(MAKEFILE_LIST) | $(GEN_HEADERS)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(KCC) $(USER_CFLAGS) $(USER_INC) $(CAIRN_INC) $(BENCH_INC) $(DEPFLAGS) -c $< -o $@

$(BENCH_ELF): $(BENCH_OBJ) $(CAIRN_LIB) $(USER_LINK_DEPS)
	$(call msg,LD,$@)
	$(Q)$(call user_link,$@,$(BENCH_OBJ) $(CAIRN_LIB))

-include $(BENCH_OBJ:.o=.d)
