/*
 * User-level interrupts (kernel/object/irq.c): IRQControl and IRQHandler
 * methods, delivery of an interrupt to its notification, and cleanup when
 * a handler capability goes.
 */
#ifndef OBJECT_IRQ_H
#define OBJECT_IRQ_H

#include "../types.h"

/* Signals the notification set for irq (its line is masked until Ack). */
void irq_signal(unsigned irq);

/* Whether some IRQ would signal a notification: then idling waits for it. */
bool irq_any_handled(void);

/* The last handler capability for irq is gone: the IRQ can be issued again. */
void irq_handler_finalise(word_t irq);

#endif /* OBJECT_IRQ_H */
