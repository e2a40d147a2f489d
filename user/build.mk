# User programs: the demo root task that `make run` boots.

DEMO_ELF := $(O)/user/demo.elf
DEMO_OBJ := $(O)/user/demo/main.o
ALL_TARGETS += $(DEMO_ELF)

$(O)/user/%.o: user/%.c $(MAKEFILE_LIST) | $(GEN_HEADERS)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(KCC) $(USER_CFLAGS) $(USER_INC) $(DEPFLAGS) -c $< -o $@

$(DEMO_ELF): $(DEMO_OBJ) $(USER_LINK_DEPS)
	$(call msg,LD,$@)
	$(Q)$(call user_link,$@,$(DEMO_OBJ))

-include $(DEMO_OBJ:.o=.d)
