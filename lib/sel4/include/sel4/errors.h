/*
 * seL4_Error: what an invocation's reply label says (seL4 manual, "Errors").
 * interface/types.xml lists the same values with their meanings; the
 * generated stubs _Static_assert that the two agree.
 */
#ifndef SEL4_ERRORS_H
#define SEL4_ERRORS_H

typedef enum {
    seL4_NoError = 0,
    seL4_InvalidArgument,
    seL4_InvalidCapability,
    seL4_IllegalOperation,
    seL4_RangeError,
    seL4_AlignmentError,
    seL4_FailedLookup,
    seL4_TruncatedMessage,
    seL4_DeleteFirst,
    seL4_RevokeFirst,
    seL4_NotEnoughMemory,
    seL4_NumErrors
} seL4_Error;

#endif /* SEL4_ERRORS_H */
