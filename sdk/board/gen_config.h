/*
 * The kernel configuration facts an SDK user's build may test, spelled as
 * seL4's generated kernel/gen_config.h spells them (Microkit example
 * Makefiles read CONFIG_SEL4_ARCH from this file with grep and cut).
 */
#pragma once

/* The two spaces after each name are seL4's spelling, which scripts rely on. */
// clang-format off

#define CONFIG_SEL4_ARCH  x86_64
#define CONFIG_ARCH_X86_64  1
#define CONFIG_ARCH_X86  1
#define CONFIG_PLAT_PC99  1
#define CONFIG_WORD_SIZE  64
#define CONFIG_KERNEL_MCS  1
#define CONFIG_MAX_NUM_NODES  1
#define CONFIG_NUM_PRIORITIES  256
#define CONFIG_HUGE_PAGE  1
#define CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS  230
// clang-format on
