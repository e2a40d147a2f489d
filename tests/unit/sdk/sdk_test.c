/*
 * Shared helpers of the system tool's unit tests (sdk_test.h).
 */
#include "sdk_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "diag.h"
#include "sdf.h"

static char *messages;

unsigned sdk_test_load(system_t *sys, const char *xml, bool check)
{
    size_t len = 0;
    FILE *out = NULL;

    free(messages);
    messages = NULL;
    out = open_memstream(&messages, &len);
    model_free(sys);
    sys->file = "t.system";
    diag_begin(sys->file, out);
    if (sdf_parse(sys, xml, strlen(xml)) && check) {
        (void)check_system(sys);
    }
    diag_flush();
    unsigned errors = diag_error_count();
    diag_begin("t.system", NULL);
    (void)fclose(out);
    return errors;
}

const char *sdk_test_messages(void)
{
    return messages != NULL ? messages : "";
}
