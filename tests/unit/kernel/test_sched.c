/*
 * Unit tests for the ready queues (kernel/sched/sched.c) and the TCB helpers
 * (kernel/object/tcb.c), built on the host double: sched_run's exits into
 * user mode or idle are caught by the double's longjmp hooks.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include <arch/host.h>

#include "kernel.h"
#include "state.h"

static tcb_t t[4];

static int setup(void **state)
{
    (void)state;
    host_reset();
    memset(ks_ready_queues, 0, sizeof(ks_ready_queues));
    memset(&ks_ready_bitmap, 0, sizeof(ks_ready_bitmap));
    ks_cur_thread = NULL;
    memset(t, 0, sizeof(t));
    return 0;
}

static tcb_t *make_ready(unsigned i, unsigned prio)
{
    t[i].tcb_priority = prio;
    t[i].tcb_state = THREAD_RUNNING;
    sched_enqueue(&t[i]);
    return &t[i];
}

static void test_choose_empty_is_null(void **state)
{
    (void)state;
    assert_null(sched_choose());
}

static void test_choose_highest_priority(void **state)
{
    (void)state;
    make_ready(0, 10);
    make_ready(1, 200);
    make_ready(2, 64);
    assert_ptr_equal(sched_choose(), &t[1]);
    /* choose leaves the thread queued */
    assert_ptr_equal(sched_choose(), &t[1]);
}

static void test_fifo_within_priority(void **state)
{
    (void)state;
    make_ready(0, 50);
    make_ready(1, 50);
    make_ready(2, 50);
    assert_ptr_equal(sched_choose(), &t[0]);
    sched_dequeue(&t[0]);
    assert_ptr_equal(sched_choose(), &t[1]);
    sched_dequeue(&t[1]);
    assert_ptr_equal(sched_choose(), &t[2]);
}

static void test_dequeue_middle_keeps_links(void **state)
{
    (void)state;
    make_ready(0, 7);
    make_ready(1, 7);
    make_ready(2, 7);
    sched_dequeue(&t[1]);
    assert_ptr_equal(ks_ready_queues[7].head, &t[0]);
    assert_ptr_equal(ks_ready_queues[7].tail, &t[2]);
    assert_ptr_equal(t[0].tcb_sched_next, &t[2]);
    assert_ptr_equal(t[2].tcb_sched_prev, &t[0]);
    assert_null(t[1].tcb_sched_next);
    assert_null(t[1].tcb_sched_prev);
}

static void test_last_dequeue_clears_bitmap(void **state)
{
    (void)state;
    make_ready(0, 255);
    make_ready(1, 0);
    sched_dequeue(&t[0]);
    assert_false(prio_bitmap_is_set(&ks_ready_bitmap, 255));
    assert_ptr_equal(sched_choose(), &t[1]);
    sched_dequeue(&t[1]);
    assert_true(prio_bitmap_is_empty(&ks_ready_bitmap));
    assert_null(ks_ready_queues[0].head);
    assert_null(ks_ready_queues[0].tail);
}

static void test_enqueue_twice_is_idempotent(void **state)
{
    (void)state;
    make_ready(0, 3);
    sched_enqueue(&t[0]);
    make_ready(1, 3);
    sched_enqueue(&t[1]);
    assert_ptr_equal(ks_ready_queues[3].head, &t[0]);
    assert_ptr_equal(ks_ready_queues[3].tail, &t[1]);
    assert_ptr_equal(t[0].tcb_sched_next, &t[1]);
    assert_null(t[1].tcb_sched_next);
}

static void test_dequeue_unqueued_is_noop(void **state)
{
    (void)state;
    make_ready(0, 3);
    t[1].tcb_priority = 3;
    sched_dequeue(&t[1]);
    assert_ptr_equal(ks_ready_queues[3].head, &t[0]);
    assert_true(prio_bitmap_is_set(&ks_ready_bitmap, 3));
}

static void test_rotate_moves_behind_equals(void **state)
{
    (void)state;
    make_ready(0, 9);
    make_ready(1, 9);
    sched_rotate(&t[0]);
    assert_ptr_equal(ks_ready_queues[9].head, &t[1]);
    assert_ptr_equal(ks_ready_queues[9].tail, &t[0]);
    sched_rotate(&t[0]); /* already last: stays last */
    assert_ptr_equal(ks_ready_queues[9].tail, &t[0]);
    assert_ptr_equal(sched_choose(), &t[1]);
}

static void test_run_enters_chosen_thread(void **state)
{
    jmp_buf env;

    (void)state;
    make_ready(0, 1);
    make_ready(1, 100);
    host_expect_restore(&env);
    if (setjmp(env) == 0) {
        sched_run();
    }
    assert_int_equal(host_restore_count(), 1);
    assert_ptr_equal(host_restored_tcb(), &t[1]);
    assert_ptr_equal(ks_cur_thread, &t[1]);
}

static void test_run_with_nothing_ready_exits_idle(void **state)
{
    jmp_buf env;

    (void)state;
    ks_cur_thread = &t[0];
    host_expect_exit(&env);
    if (setjmp(env) == 0) {
        sched_run();
    }
    assert_int_equal(host_exit_code(), SYSTEM_EXIT_IDLE);
    assert_null(ks_cur_thread);
    assert_non_null(strstr(host_console_text(), "no runnable threads"));
    assert_int_equal(host_restore_count(), 0);
}

static void test_set_name_truncates(void **state)
{
    (void)state;
    tcb_set_name(&t[0], "a-very-long-thread-name");
    assert_int_equal(strlen(t[0].tcb_name), TCB_NAME_MAX - 1);
    assert_string_equal(t[0].tcb_name, "a-very-long-thr");
    tcb_set_name(&t[0], "root");
    assert_string_equal(t[0].tcb_name, "root");
}

static void test_stop_dequeues_and_reports(void **state)
{
    (void)state;
    make_ready(0, 42);
    tcb_set_name(&t[0], "worker");
    tcb_stop(&t[0]);
    assert_int_equal(t[0].tcb_state, THREAD_INACTIVE);
    assert_null(sched_choose());
    assert_string_equal(host_console_text(), "cairn: thread 'worker' stopped\n");
}

int main(void)
{
    static const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_choose_empty_is_null, setup),
        cmocka_unit_test_setup(test_choose_highest_priority, setup),
        cmocka_unit_test_setup(test_fifo_within_priority, setup),
        cmocka_unit_test_setup(test_dequeue_middle_keeps_links, setup),
        cmocka_unit_test_setup(test_last_dequeue_clears_bitmap, setup),
        cmocka_unit_test_setup(test_enqueue_twice_is_idempotent, setup),
        cmocka_unit_test_setup(test_dequeue_unqueued_is_noop, setup),
        cmocka_unit_test_setup(test_rotate_moves_behind_equals, setup),
        cmocka_unit_test_setup(test_run_enters_chosen_thread, setup),
        cmocka_unit_test_setup(test_run_with_nothing_ready_exits_idle, setup),
        cmocka_unit_test_setup(test_set_name_truncates, setup),
        cmocka_unit_test_setup(test_stop_dequeues_and_reports, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
