# Compilers and binutils. The kernel and user programs build with gcc by
# default and with clang via KCC=clang; host tests use HOST_CC.

KCC ?= gcc
HOST_CC ?= gcc
LD := ld
OBJCOPY := objcopy
PYTHON ?= python3

ifeq ($(findstring clang,$(KCC)),clang)
KCC_KIND := clang
else
KCC_KIND := gcc
endif
ifeq ($(findstring clang,$(HOST_CC)),clang)
HOST_CC_KIND := clang
else
HOST_CC_KIND := gcc
endif
