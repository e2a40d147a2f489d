/*
 * The x86 machine layer's double (arch/mmu.h): TLB maintenance is recorded
 * rather than done, and port I/O goes to a byte array, so the x86_64 object
 * code runs unchanged in host unit tests and fuzzers.
 */
#include <arch/host_mmu.h>
#include <arch/mmu.h>

enum {
    PORTS = 1 << 16,
    ENTRIES = 512,
};

static struct {
    unsigned page_flushes;
    unsigned asid_flushes;
    word_t last_asid;
    unsigned forgotten;
    bool no_huge_pages;
    uint8_t ports[PORTS];
} mmu;

void host_mmu_reset(void)
{
    mmu.page_flushes = 0;
    mmu.asid_flushes = 0;
    mmu.last_asid = 0;
    mmu.forgotten = 0;
    mmu.no_huge_pages = false;
    for (unsigned i = 0; i < PORTS; i++) {
        mmu.ports[i] = 0;
    }
}

unsigned host_mmu_page_flushes(void)
{
    return mmu.page_flushes;
}

unsigned host_mmu_asid_flushes(void)
{
    return mmu.asid_flushes;
}

word_t host_mmu_last_flush_asid(void)
{
    return mmu.last_asid;
}

unsigned host_mmu_forgotten_roots(void)
{
    return mmu.forgotten;
}

void host_mmu_set_huge_pages(bool available)
{
    mmu.no_huge_pages = !available;
}

void host_port_set(uint16_t port, uint8_t value)
{
    mmu.ports[port] = value;
}

uint8_t host_port_get(uint16_t port)
{
    return mmu.ports[port];
}

void mmu_flush_page(word_t asid, word_t vaddr)
{
    (void)vaddr;
    mmu.page_flushes++;
    mmu.last_asid = asid;
}

void mmu_flush_asid(word_t asid)
{
    mmu.asid_flushes++;
    mmu.last_asid = asid;
}

void mmu_forget_root(paddr_t root)
{
    (void)root;
    mmu.forgotten++;
}

void mmu_init_root(uint64_t *pml4)
{
    for (unsigned i = ENTRIES / 2; i < ENTRIES; i++) {
        pml4[i] = HOST_KERNEL_HALF_MARK;
    }
}

bool mmu_has_huge_pages(void)
{
    return !mmu.no_huge_pages;
}

bool mmu_has_nx(void)
{
    return true;
}

uint32_t port_in(uint16_t port, unsigned bytes)
{
    uint32_t value = 0;

    for (unsigned i = 0; i < bytes; i++) {
        value |= (uint32_t)mmu.ports[(uint16_t)(port + i)] << (8 * i);
    }
    return value;
}

void port_out(uint16_t port, unsigned bytes, uint32_t value)
{
    for (unsigned i = 0; i < bytes; i++) {
        mmu.ports[(uint16_t)(port + i)] = (uint8_t)(value >> (8 * i));
    }
}
