/*
 * libsel4 fixed-width and word types (seL4 manual, "Types"), shared by user
 * code and the kernel so both sides agree on every ABI structure.
 */
#ifndef SEL4_SIMPLE_TYPES_H
#define SEL4_SIMPLE_TYPES_H

#include <stdint.h>

typedef int8_t seL4_Int8;
typedef uint8_t seL4_Uint8;
typedef int16_t seL4_Int16;
typedef uint16_t seL4_Uint16;
typedef int32_t seL4_Int32;
typedef uint32_t seL4_Uint32;
typedef int64_t seL4_Int64;
typedef uint64_t seL4_Uint64;

typedef seL4_Int8 seL4_Bool;

#define seL4_True  ((seL4_Bool)1)
#define seL4_False ((seL4_Bool)0)
typedef seL4_Uint64 seL4_Word;
typedef seL4_Word seL4_CPtr;
typedef seL4_Word seL4_NodeId;
typedef seL4_Word seL4_PAddr;
typedef seL4_Word seL4_Domain;

#define seL4_WordBits     64
#define seL4_WordSizeBits 3

#define seL4_Null ((void *)0)

#endif /* SEL4_SIMPLE_TYPES_H */
