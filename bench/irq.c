/*
 * Interrupt latency to a user-level handler in another address space
 * (sel4bench's "IRQ invoke"). The source is the PIT, channel 0 in one-shot
 * mode (ISA IRQ 0, I/O APIC pin 2); the kernel uses only channel 2, and
 * only while it calibrates at boot. A low-priority thread of the root
 * task's address space stores the TSC in a tight loop; the handler, of
 * higher priority and in the far address space, waits on the IRQ's
 * notification. Sample: the handler's timestamp when its Wait returned
 * minus the last one the interrupted thread stored. The handler then
 * acknowledges the IRQ and arms the PIT again, outside the timed window.
 */
#include <stdio.h>

#include <bench/timing.h>
#include <sel4/sel4.h>

#include "bench.h"
#include "env.h"

enum {
    PIT_PIN = 2,
    PIT_IRQ = 2,
    PIT_CHANNEL0 = 0x40,
    PIT_COMMAND = 0x43,
    PIT_ONE_SHOT = 0x30, /* channel 0, low then high byte, mode 0 (interrupt on terminal count) */
    PIT_COUNT = 20,      /* 16.8 us: enough for the handler to block and the spinner to run */
    PRIO_HANDLER = 200,
    PRIO_SPINNER = 100,
};

static seL4_CPtr ports;
static seL4_CPtr irq_handler;
static seL4_CPtr irq_ntfn;
static seL4_CPtr done;
static volatile uint64_t spinner_last;
static unsigned early; /* interrupts that came before the handler blocked: not samples */
static volatile int handler_failed;

static void spinner(seL4_Word unused)
{
    (void)unused;
    bench_spin_stamping(&spinner_last);
}

static int arm_pit(void)
{
    return seL4_X86_IOPort_Out8(ports, PIT_COMMAND, PIT_ONE_SHOT) ||
           seL4_X86_IOPort_Out8(ports, PIT_CHANNEL0, PIT_COUNT & 0xff) ||
           seL4_X86_IOPort_Out8(ports, PIT_CHANNEL0, PIT_COUNT >> 8);
}

static void handler(seL4_Word runs)
{
    unsigned i = 0;

    while (i < runs) {
        spinner_last = 0;
        if (seL4_IRQHandler_Ack(irq_handler) != seL4_NoError || arm_pit() != 0) {
            handler_failed = 1;
            break;
        }
        bench_regs_t r = { irq_ntfn, 0, 0, 0 };
        bench_span_t span = bench_timed_syscall(seL4_SysWait, &r);
        /* The spinner cannot run between the Wait's return and this read. */
        uint64_t last = spinner_last;
        if (last == 0) {
            early++;
            continue;
        }
        log_start[i] = last;
        log_arrive[i] = span.after;
        i++;
    }
    seL4_Signal(done);
    env_park();
}

static int setup(void)
{
    ports = env_slot();
    irq_handler = env_slot();
    irq_ntfn = env_new(seL4_NotificationObject, 0);
    done = env_new(seL4_NotificationObject, 0);
    if (irq_ntfn == 0 || done == 0 ||
        seL4_X86_IOPortControl_Issue(seL4_CapIOPortControl, PIT_CHANNEL0, PIT_COMMAND, ROOT, ports,
                                     DEPTH) != seL4_NoError ||
        seL4_IRQControl_GetIOAPIC(seL4_CapIRQControl, ROOT, irq_handler, DEPTH, 0, PIT_PIN, 0, 0,
                                  PIT_IRQ) != seL4_NoError) {
        return -1;
    }
    return seL4_IRQHandler_SetNotification(irq_handler, irq_ntfn) != seL4_NoError;
}

int bench_irq(void)
{
    span_set_t set = { log_start, log_arrive, bench_plan.runs, bench_plan.warmup,
                       overhead_timestamp };
    thread_spec_t spin_spec = { spinner, 0, PRIO_SPINNER, 0, seL4_CapNull };
    thread_spec_t handler_spec = { handler, bench_plan.runs, PRIO_HANDLER, 1, seL4_CapNull };
    bench_thread_t s;
    bench_thread_t h;
    seL4_Word badge = 0;

    if (setup() != 0 || env_thread_start(&s, &spin_spec) != 0 ||
        env_thread_start(&h, &handler_spec) != 0) {
        return bench_fail("irq: cannot set up the PIT, its IRQ or the threads");
    }
    seL4_Wait(done, &badge);
    env_thread_stop(&h);
    env_thread_stop(&s);
    if (handler_failed || seL4_IRQHandler_Clear(irq_handler) != seL4_NoError) {
        return bench_fail("irq: Ack, the PIT's ports or Clear failed");
    }
    bench_report("irq_invoke", &set);
    if (early != 0) {
        printf("bench: irq_invoke: %u interrupts before the handler waited, not counted\n", early);
    }
    return 0;
}
