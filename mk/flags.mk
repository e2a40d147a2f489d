# Compiler flags: the STYLE.md warning set for every C file we own, plus the
# per-target sets for the kernel, user programs and host tests.

WARN := -std=c11 -Wall -Wextra -Wpedantic -Werror \
  -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wmissing-declarations \
  -Wold-style-definition -Wundef -Wpointer-arith -Wcast-align -Wcast-qual \
  -Wwrite-strings -Wconversion -Wsign-conversion -Wswitch-enum \
  -Wimplicit-fallthrough -Wnull-dereference -Wformat=2 -Wvla \
  -Wredundant-decls -Wnested-externs -Wdouble-promotion \
  -Wmissing-noreturn -Wframe-larger-than=512
WARN_GCC := -Wlogical-op -Wduplicated-cond -Wduplicated-branches \
  -Wjump-misses-init -Wstack-usage=512 -Walloca
WARN_CLANG := -Wshorten-64-to-32 -Wcomma -Wassign-enum -Wunreachable-code \
  -Wconditional-uninitialized -Wmissing-variable-declarations

ifeq ($(KCC_KIND),clang)
KWARN := $(WARN) $(WARN_CLANG)
KTARGET := --target=x86_64-pc-none-elf
else
KWARN := $(WARN) $(WARN_GCC)
KTARGET :=
endif
ifeq ($(HOST_CC_KIND),clang)
HOST_WARN := $(WARN) $(WARN_CLANG)
else
HOST_WARN := $(WARN) $(WARN_GCC)
endif

REPRO := -ffile-prefix-map=$(CURDIR)=.
DEPFLAGS = -MMD -MP

# The kernel omits frame pointers: the IPC path is counted per instruction
# and nothing walks rbp chains (gdb unwinds from the DWARF frame info).
KERNEL_CFLAGS := $(KTARGET) $(KWARN) $(REPRO) -ffreestanding -nostdlib -nostdinc \
  -isystem $(shell $(KCC) -print-file-name=include) \
  -fno-pic -fno-pie -mcmodel=kernel -mno-red-zone -mno-mmx -mno-sse -mno-sse2 \
  -mgeneral-regs-only -fno-stack-protector -fno-asynchronous-unwind-tables \
  -fno-common -fomit-frame-pointer -fno-builtin -O2 -g
KERNEL_ASFLAGS := $(KTARGET) $(REPRO) -fno-pic -fno-pie -g -D__ASSEMBLY__

# User programs (root tasks) are ordinary static freestanding programs; gcc
# may use SSE in them, which is why the kernel saves FPU state per thread.
USER_CFLAGS := $(KTARGET) $(KWARN) $(REPRO) -ffreestanding -nostdlib -nostdinc \
  -isystem $(shell $(KCC) -print-file-name=include) \
  -fno-pic -fno-pie -mno-red-zone -fno-stack-protector -fno-builtin \
  -fno-asynchronous-unwind-tables -O2 -g
USER_LDFLAGS := -nostdlib -static -z noexecstack --build-id=none -z max-page-size=0x1000

HOST_TEST_CFLAGS := $(HOST_WARN) $(REPRO) -O1 -g -fno-omit-frame-pointer \
  -fsanitize=address,undefined -fno-sanitize-recover=all

# libxml2, for the SDK's system tool and its tests and fuzz target: headers as
# system headers, so the warning set applies to our code only.
XML_CFLAGS := $(patsubst -I%,-isystem %,$(shell pkg-config --cflags libxml-2.0 2>/dev/null || \
  echo -I/usr/include/libxml2))
XML_LIBS := $(shell pkg-config --libs libxml-2.0 2>/dev/null || echo -lxml2)
