/*
 * Multiboot v1 entry: the loader jumps here in 32-bit protected mode with
 * paging off. We build throw-away page tables that map the first GiB both
 * at 0 and in the kernel's upper-half ranges, enter long mode and call
 * boot_main(magic, info) in the upper half. arch/x86_64/boot/init.c then
 * replaces these tables with the kernel's own.
 */
#define MB_MAGIC        0x1BADB002
/* page-align modules, give memory info, use the load addresses below */
#define MB_FLAGS        0x00010003
#define VIRT_OFFSET     0xffffffff80000000
#define PTE_P_W         0x3
#define PTE_P_W_PS      0x83
#define CR4_PAE         (1 << 5)
#define EFER_MSR        0xC0000080
#define EFER_LME        (1 << 8)
#define CR0_PE_WP_PG    0x80010001
#define COM1            0x3F8

    .section .multiboot, "a"
    .balign 4
multiboot_header:
    .long MB_MAGIC
    .long MB_FLAGS
    .long -(MB_MAGIC + MB_FLAGS)
    .long multiboot_header          /* header_addr */
    .long _kernel_phys_start        /* load_addr */
    .long _load_end_phys            /* load_end_addr */
    .long _kernel_phys_end          /* bss_end_addr: the loader zeroes .bss */
    .long _start                    /* entry_addr */

    .section .boot.text, "ax"
    .code32
    .global _start
_start:
    cli
    cld
    movl $boot_stack_top, %esp
    movl %eax, %edi                 /* Multiboot magic, kept for boot_main */
    movl %ebx, %esi                 /* Multiboot info physical address */

    /* Long mode needs CPUID leaf 0x80000001 EDX bit 29. */
    movl $0x80000000, %eax
    cpuid
    cmpl $0x80000001, %eax
    jb no_long_mode
    movl $0x80000001, %eax
    cpuid
    btl $29, %edx
    jnc no_long_mode

    /* PD: 512 x 2 MiB pages = physical 0..1 GiB. */
    movl $boot_pd, %ebx
    xorl %ecx, %ecx
1:  movl %ecx, %eax
    shll $21, %eax
    orl $PTE_P_W_PS, %eax
    movl %eax, (%ebx, %ecx, 8)
    movl $0, 4(%ebx, %ecx, 8)
    incl %ecx
    cmpl $512, %ecx
    jne 1b

    /* One PDPT serves both the identity map (PML4[0], PDPT[0]) and the
     * kernel window base (PML4[256], PDPT[0]); the high PDPT maps the
     * kernel image at -2 GiB (PML4[511], PDPT[510]). */
    movl $(boot_pd + PTE_P_W), boot_pdpt_low
    movl $(boot_pd + PTE_P_W), boot_pdpt_high + 510 * 8
    movl $(boot_pdpt_low + PTE_P_W), boot_pml4
    movl $(boot_pdpt_low + PTE_P_W), boot_pml4 + 256 * 8
    movl $(boot_pdpt_high + PTE_P_W), boot_pml4 + 511 * 8

    movl %cr4, %eax
    orl $CR4_PAE, %eax
    movl %eax, %cr4
    movl $boot_pml4, %eax
    movl %eax, %cr3
    movl $EFER_MSR, %ecx
    rdmsr
    orl $EFER_LME, %eax
    wrmsr
    movl $CR0_PE_WP_PG, %eax
    movl %eax, %cr0

    lgdt boot_gdt_ptr
    ljmp $0x08, $long_mode_low

no_long_mode:
    movl $no_lm_msg, %esi
2:  lodsb
    testb %al, %al
    jz 3f
    movw $COM1, %dx
    outb %al, %dx
    jmp 2b
3:  hlt
    jmp 3b

    .code64
long_mode_low:
    movabsq $long_mode_high, %rax
    jmp *%rax

    .section .boot.data, "aw"
    .balign 8
boot_gdt:
    .quad 0
    .quad 0x00209A0000000000        /* 64-bit code, DPL 0 */
    .quad 0x0000920000000000        /* data, DPL 0 */
boot_gdt_end:
boot_gdt_ptr:
    .word boot_gdt_end - boot_gdt - 1
    .long boot_gdt
no_lm_msg:
    .asciz "cairn: boot error: this CPU has no long mode (x86_64 needed)\r\n"

    .balign 4096
boot_pml4:
    .fill 4096, 1, 0
boot_pdpt_low:
    .fill 4096, 1, 0
boot_pdpt_high:
    .fill 4096, 1, 0
boot_pd:
    .fill 4096, 1, 0
    .fill 4096, 1, 0
boot_stack_top:

    .section .text.entry, "ax"
    .code64
long_mode_high:
    movw $0x10, %ax
    movw %ax, %ds
    movw %ax, %es
    movw %ax, %ss
    xorw %ax, %ax
    movw %ax, %fs
    movw %ax, %gs
    leaq kernel_stack_top(%rip), %rsp
    xorl %ebp, %ebp
    /* edi = magic and esi = info are still set: zero-extend them. */
    movl %edi, %edi
    movl %esi, %esi
    call boot_main
4:  hlt
    jmp 4b

    .section .note.GNU-stack, "", @progbits
