/* Shared by the fuzz targets: FUZZ_CHECK(cond, what) reports a broken
 * invariant on stderr and abort()s, so libFuzzer records the input as a crash.
 * (Aborting is fine here: this is a test program, not the plugin.) Also
 * fuzz_error_ok(), the invariants every filled sdh_error must keep, and
 * fuzz_init(), which every target's LLVMFuzzerInitialize calls. */
#ifndef SDH_FUZZ_CHECK_H
#define SDH_FUZZ_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"

#define FUZZ_CHECK(cond, what)                                                                     \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, (what));          \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

/* An error returned with `status`: the same status recorded, a non-empty
 * code, and every text NUL-terminated inside its array. */
static inline void fuzz_error_ok(const sdh_error *e, sdh_status status)
{
    FUZZ_CHECK(e->status == status, "error status matches the returned status");
    FUZZ_CHECK(memchr(e->code, '\0', sizeof(e->code)) != NULL, "code is terminated");
    FUZZ_CHECK(memchr(e->field, '\0', sizeof(e->field)) != NULL, "field is terminated");
    FUZZ_CHECK(memchr(e->message, '\0', sizeof(e->message)) != NULL, "message is terminated");
    FUZZ_CHECK(memchr(e->request_id, '\0', sizeof(e->request_id)) != NULL,
               "request_id is terminated");
    FUZZ_CHECK(e->code[0] != '\0', "code is set");
    FUZZ_CHECK(e->message[0] != '\0', "message is set");
}

/* Jansson seeds its hash tables from /dev/urandom, which makes object order
 * (and so coverage) differ between runs; a fixed seed makes a `-seed=1 -runs=N`
 * run repeat itself. Must run before the first Jansson object exists. */
static inline void fuzz_init(void)
{
    json_object_seed(1);
}

#endif
