/* Shared by the fuzz targets: FUZZ_CHECK(cond, what) reports a broken
 * invariant on stderr and abort()s, so libFuzzer records the input as a crash.
 * (Aborting is fine here: this is a test program, not the plugin.) Also
 * fuzz_error_ok(), the invariants every filled sdh_error must keep,
 * fuzz_init(), which every target's LLVMFuzzerInitialize calls,
 * FUZZ_SIMPLE_INITIALIZE for targets that need nothing else, and
 * fuzz_http_status(), the HTTP status a reply-parsing target reads from a byte. */
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

/* Defines an LLVMFuzzerInitialize that only calls fuzz_init(). */
#define FUZZ_SIMPLE_INITIALIZE                                                                     \
    int LLVMFuzzerInitialize(int *argc, char ***argv);                                             \
    int LLVMFuzzerInitialize(int *argc, char ***argv)                                              \
    {                                                                                              \
        (void)argc;                                                                                \
        (void)argv;                                                                                \
        fuzz_init();                                                                               \
        return 0;                                                                                  \
    }

/* An HTTP status picked by `byte`: successes, client and server errors, and
 * values no server should send. */
static inline long fuzz_http_status(unsigned char byte)
{
    static const long statuses[] = {200, 200, 201, 204, 299, 400, 400, 403, 404, 408, 413,
                                    429, 500, 502, 503, 504, 301, 100, 0,   599, -1,  1000};
    return statuses[(byte & 0x1f) % (sizeof(statuses) / sizeof(statuses[0]))];
}

#endif
