/*
 * Sporadic-server refills (see refill.h).
 *
 * A context's budget B is split into refills (time t, amount a) kept in a
 * circular queue of sc_refill_max entries after the header, head first:
 *
 *     sc_refills:  [  ][ t0,a0 ][ t1,a1 ][ t2,a2 ][  ]      a0 + a1 + a2 = B
 *                        head               tail
 *
 * The thread may run while the head is due (t0 <= now) and consumes it in
 * order. The bound (no more than B ticks of use in any window of length
 * `period`) rests on one invariant. Number the units of a refill's amount
 * 0..a-1: unit k of refill (t, a) was last used no later than
 * t + k - period. Used in order from t on, unit k is used at t + k or
 * later, so never twice within one period. Every operation keeps it:
 *
 *  - charging u ticks used in [s, s + u) takes u units off the front (the
 *    head (t, a) leaves (t + u, a - u)) and queues them as (s + period, u);
 *    units used before they were due (the timer fired late) are dated from
 *    when they were due instead, so an overrun delays later budget;
 *  - consecutive refills (t1, a1), (t2, a2) merge into
 *    (max(t1, t2 - a1), a1 + a2), which never lets a unit of either be used
 *    earlier than before. Merges only delay budget; they happen when a new
 *    refill overlaps the tail or the queue is full (then it joins the
 *    tail), and while the head is below the minimum or overlaps the next
 *    refill (then the head joins the next one).
 *
 * Refills never overlap, so they are in time order. Each loop step removes
 * a refill that a charge added, so a loop runs at most sc_refill_count
 * times, which the object's size bounds. Times saturate at UINT64_MAX,
 * which means never.
 */
#include "sched/refill.h"

#define TIME_NEVER (~(uint64_t)0)

uint64_t refill_time_add(uint64_t t, uint64_t d)
{
    return t > TIME_NEVER - d ? TIME_NEVER : t + d;
}

static uint64_t time_sub(uint64_t t, uint64_t d)
{
    if (t == TIME_NEVER) {
        return TIME_NEVER;
    }
    return t > d ? t - d : 0;
}

static uint64_t time_max(uint64_t a, uint64_t b)
{
    return a > b ? a : b;
}

word_t refill_capacity(unsigned size_bits)
{
    if (size_bits >= WORD_BITS || ((word_t)1 << size_bits) < sizeof(sched_context_t)) {
        return 0;
    }
    return (((word_t)1 << size_bits) - sizeof(sched_context_t)) / sizeof(refill_t);
}

/* The i-th refill from the head. */
static refill_t *refill_at(sched_context_t *sc, word_t i)
{
    word_t index = sc->sc_refill_head + i;

    if (index >= sc->sc_refill_max) {
        index -= sc->sc_refill_max;
    }
    return &sc->sc_refills[index];
}

const refill_t *refill_head(const sched_context_t *sc)
{
    return &sc->sc_refills[sc->sc_refill_head];
}

bool refill_ready(const sched_context_t *sc, uint64_t now)
{
    return refill_head(sc)->refill_time <= now;
}

static refill_t pop_head(sched_context_t *sc)
{
    refill_t head = *refill_at(sc, 0);

    sc->sc_refill_head = sc->sc_refill_head + 1 == sc->sc_refill_max ? 0 : sc->sc_refill_head + 1;
    sc->sc_refill_count--;
    return head;
}

/* One refill in place of `first` followed by `second`, usable no earlier than either allowed. */
static refill_t merged(refill_t first, refill_t second)
{
    refill_t r = {
        .refill_time =
            time_max(first.refill_time, time_sub(second.refill_time, first.refill_amount)),
        .refill_amount = first.refill_amount + second.refill_amount,
    };
    return r;
}

static void reset(sched_context_t *sc, word_t max_refills, refill_t only)
{
    sc->sc_refill_max = max_refills;
    sc->sc_refill_head = 0;
    sc->sc_refill_count = 1;
    sc->sc_refills[0] = only;
}

void refill_new(sched_context_t *sc, word_t max_refills, word_t min, uint64_t now)
{
    refill_t all = { now, sc->sc_budget };

    sc->sc_refill_min = min;
    reset(sc, max_refills, all);
}

/* Queues used (or given up) budget at the tail, merging where the comment at the top says. */
static void schedule_used(sched_context_t *sc, refill_t used)
{
    if (sc->sc_refill_count > 1) {
        refill_t *tail = refill_at(sc, sc->sc_refill_count - 1);
        if (sc->sc_refill_count == sc->sc_refill_max ||
            used.refill_time <= refill_time_add(tail->refill_time, tail->refill_amount)) {
            *tail = merged(*tail, used);
            return;
        }
    }
    /* A lone head is never merged into: it is being consumed. MIN_REFILLS >= 2 leaves room. */
    sc->sc_refill_count++;
    *refill_at(sc, sc->sc_refill_count - 1) = used;
}

/* Merges the head into the next refill while it is too small to run on or overlaps it. */
static void settle_head(sched_context_t *sc)
{
    while (sc->sc_refill_count > 1) {
        const refill_t *head = refill_at(sc, 0);
        const refill_t *next = refill_at(sc, 1);
        if (head->refill_amount >= sc->sc_refill_min &&
            next->refill_time > refill_time_add(head->refill_time, head->refill_amount)) {
            return;
        }
        refill_t first = pop_head(sc);
        *refill_at(sc, 0) = merged(first, *refill_at(sc, 0));
    }
}

void refill_update(sched_context_t *sc, word_t max_refills, word_t min, uint64_t now)
{
    refill_t head = *refill_at(sc, 0);

    head.refill_time = time_max(head.refill_time, now);
    sc->sc_refill_min = min;
    if (head.refill_amount >= sc->sc_budget) {
        head.refill_amount = sc->sc_budget;
        reset(sc, max_refills, head);
        return;
    }
    refill_t rest = { refill_time_add(head.refill_time, sc->sc_period),
                      sc->sc_budget - head.refill_amount };
    reset(sc, max_refills, head);
    schedule_used(sc, rest);
    settle_head(sc);
}

/*
 * Takes `used` units, used from `start` on, off the front of the queue
 * (less than the budget is queued). What was used after it was due comes
 * back a period after it was used: returned as one refill in *on_time.
 * What was used before it was due (an overrun past the head: the timer
 * fired late) comes back a period after it was due, so the overrun delays
 * later budget instead of adding to it: returned merged in *early (amount
 * 0 if none). Refills do not overlap, so once a piece is early the rest are.
 */
static void consume_front(sched_context_t *sc, word_t used, uint64_t start, refill_t *on_time,
                          refill_t *early)
{
    uint64_t at = start;

    on_time->refill_time = refill_time_add(start, sc->sc_period);
    on_time->refill_amount = 0;
    early->refill_amount = 0;
    while (used > 0) {
        refill_t *head = refill_at(sc, 0);
        word_t take = used < head->refill_amount ? used : head->refill_amount;
        if (head->refill_time <= at) {
            on_time->refill_amount += take;
        } else {
            refill_t piece = { refill_time_add(head->refill_time, sc->sc_period), take };
            *early = early->refill_amount == 0 ? piece : merged(*early, piece);
        }
        if (take == head->refill_amount) {
            (void)pop_head(sc);
        } else {
            head->refill_amount -= take;
            head->refill_time = refill_time_add(head->refill_time, take);
        }
        used -= take;
        at += take;
    }
}

/* The latest time any refill's budget would have been used up, had it run from its time on. */
static uint64_t latest_end(sched_context_t *sc)
{
    uint64_t end = 0;

    for (word_t i = 0; i < sc->sc_refill_count; i++) {
        const refill_t *r = refill_at(sc, i);
        end = time_max(end, refill_time_add(r->refill_time, r->refill_amount));
    }
    return end;
}

void refill_charge(sched_context_t *sc, word_t used, uint64_t now)
{
    if (used == 0) {
        return;
    }
    if (used >= sc->sc_budget) {
        /*
         * All of it and maybe more (an overrun): every unit was used in the
         * last B ticks, or, for units not due yet, would have been by the
         * end of their refills. It all comes back a period after that.
         */
        uint64_t end = time_max(now, latest_end(sc));
        refill_t all = { refill_time_add(time_sub(end, sc->sc_budget), sc->sc_period),
                         sc->sc_budget };
        reset(sc, sc->sc_refill_max, all);
        return;
    }
    refill_t on_time;
    refill_t early;
    consume_front(sc, used, time_sub(now, used), &on_time, &early);
    if (on_time.refill_amount != 0) {
        schedule_used(sc, on_time);
    }
    if (early.refill_amount != 0) {
        schedule_used(sc, early);
    }
    settle_head(sc);
}

bool refill_charge_round_robin(sched_context_t *sc, word_t used, uint64_t now)
{
    refill_t *head = refill_at(sc, 0);

    head->refill_amount = used >= head->refill_amount ? 0 : head->refill_amount - used;
    if (head->refill_amount != 0 && head->refill_amount >= sc->sc_refill_min) {
        return false;
    }
    head->refill_time = now;
    head->refill_amount = sc->sc_budget;
    return true;
}

void refill_yield(sched_context_t *sc, uint64_t now)
{
    if (sc->sc_budget >= sc->sc_period) {
        refill_t all = { now, sc->sc_budget };
        reset(sc, sc->sc_refill_max, all);
        return;
    }
    if (sc->sc_refill_count == 1) {
        refill_t *head = refill_at(sc, 0);
        head->refill_time = refill_time_add(head->refill_time, sc->sc_period);
        return;
    }
    refill_t head = pop_head(sc);
    head.refill_time = refill_time_add(head.refill_time, sc->sc_period);
    schedule_used(sc, head);
    settle_head(sc);
}
