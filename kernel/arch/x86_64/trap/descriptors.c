/*
 * GDT, TSS and IDT. Segment layout follows what syscall/sysret require:
 * kernel code, kernel data, user data, user code, then the TSS. Every IDT
 * gate is an interrupt gate (interrupts stay off in the kernel); only #BP
 * may be raised from user mode directly (int3). The CPU reads all three
 * while delivering an interrupt from user mode, so they are skim data, mapped
 * in user roots too when Meltdown isolation is on; then the gates lead to
 * the isolated stubs and TSS.rsp0 to the trampoline stack (trap/entry.S).
 */
#include <stddef.h>

#include <arch/cpu.h>
#include <arch/machine.h>

#include "kstring.h"

typedef struct {
    uint16_t offset_low;
    uint16_t selector;
    uint8_t ist;
    uint8_t type_attr;
    uint16_t offset_mid;
    uint32_t offset_high;
    uint32_t zero;
} PACKED idt_gate_t;

typedef struct {
    uint16_t limit;
    uint64_t base;
} PACKED table_ptr_t;

_Static_assert(sizeof(tss_t) == 104 && offsetof(tss_t, rsp) == 4,
               "TSS layout, as entry.S's TSS_RSP0");
_Static_assert(sizeof(idt_gate_t) == 16, "IDT gate layout");

enum {
    GATE_KERNEL = 0x8e, /* present, DPL 0, 64-bit interrupt gate */
    GATE_USER = 0xee,   /* present, DPL 3 */
    IST_EMERGENCY = 1,  /* NMI, #DF, #MC: a known-good stack */
    VECTOR_NMI = 2,
    VECTOR_BP = 3,
    VECTOR_DF = 8,
    VECTOR_MC = 18,
};

static uint64_t gdt[7] SKIM_DATA ALIGNED(16);
/*
 * Two TSSes, one loaded. Without isolation `tss` is live and its rsp0 is
 * the current thread's context end (tss_set_rsp0 when the thread changes).
 * With it `isolated_tss` is, its rsp0 the trampoline stack for good; `tss`
 * is then unused by the CPU, but its rsp0 still says where the current
 * thread's context ends, which the entry code reads in both modes.
 */
tss_t tss SKIM_DATA ALIGNED(16);
static tss_t isolated_tss SKIM_DATA ALIGNED(16);
static idt_gate_t idt[256] SKIM_DATA ALIGNED(16);

extern const uint64_t trap_stub_table[256];
extern const uint64_t trap_stub_table_kpti[256];
extern uint8_t ist_stack_top[];
extern uint8_t kpti_stack_top[];

static void set_tss_descriptor(const tss_t *live)
{
    uint64_t base = (uint64_t)live;
    uint64_t limit = sizeof(*live) - 1;

    gdt[5] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x89ULL << 40) |
             (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
    gdt[6] = base >> 32;
}

static void init_tss(tss_t *t)
{
    memset(t, 0, sizeof(*t));
    t->ist[IST_EMERGENCY - 1] = (uint64_t)ist_stack_top;
    t->iomap_base = sizeof(*t); /* no I/O bitmap: user port access faults */
}

static void load_gdt(void)
{
    table_ptr_t ptr = { sizeof(gdt) - 1, (uint64_t)gdt };

    __asm__ volatile("lgdt %0\n\t"
                     "pushq %1\n\t"
                     "leaq 1f(%%rip), %%rax\n\t"
                     "pushq %%rax\n\t"
                     "lretq\n"
                     "1:\n\t"
                     "movw %w2, %%ax\n\t"
                     "movw %%ax, %%ds\n\t"
                     "movw %%ax, %%es\n\t"
                     "movw %%ax, %%ss\n\t"
                     "ltr %w3"
                     :
                     : "m"(ptr), "i"((uint64_t)GDT_KERNEL_CS), "r"((uint32_t)GDT_KERNEL_DS),
                       "r"((uint32_t)GDT_TSS)
                     : "rax", "memory");
}

static void set_gate(unsigned vector, uint8_t type_attr, uint8_t ist)
{
    uint64_t handler = kpti_enabled ? trap_stub_table_kpti[vector] : trap_stub_table[vector];
    idt_gate_t *g = &idt[vector];

    g->offset_low = (uint16_t)handler;
    g->selector = GDT_KERNEL_CS;
    g->ist = ist;
    g->type_attr = type_attr;
    g->offset_mid = (uint16_t)(handler >> 16);
    g->offset_high = (uint32_t)(handler >> 32);
    g->zero = 0;
}

void descriptors_init(void)
{
    gdt[0] = 0;
    gdt[1] = 0x00209a0000000000ULL; /* kernel code, 64-bit */
    gdt[2] = 0x0000920000000000ULL; /* kernel data */
    gdt[3] = 0x0000f20000000000ULL; /* user data, DPL 3 */
    gdt[4] = 0x0020fa0000000000ULL; /* user code, 64-bit, DPL 3 */
    init_tss(&tss);
    init_tss(&isolated_tss);
    isolated_tss.rsp[0] = (uint64_t)kpti_stack_top; /* the stubs copy frames to the TCB */
    set_tss_descriptor(kpti_enabled ? &isolated_tss : &tss);
    load_gdt();

    for (unsigned v = 0; v < 256; v++) {
        set_gate(v, v == VECTOR_BP ? GATE_USER : GATE_KERNEL, 0);
    }
    set_gate(VECTOR_NMI, GATE_KERNEL, IST_EMERGENCY);
    set_gate(VECTOR_DF, GATE_KERNEL, IST_EMERGENCY);
    set_gate(VECTOR_MC, GATE_KERNEL, IST_EMERGENCY);
    table_ptr_t idt_ptr = { sizeof(idt) - 1, (uint64_t)idt };
    __asm__ volatile("lidt %0" : : "m"(idt_ptr));
}
