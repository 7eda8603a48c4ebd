/* A tiny TAP producer for the C unit tests, with typed checks that print both
 * values on failure (after libuv's ASSERT_EQ family). Header-only. Usage:
 *   int main(void) { CHECK_INT_EQ(1 + 1, 2, "sum"); return tap_done(); } */
#ifndef SDH_TEST_TAP_H
#define SDH_TEST_TAP_H

#include <stdio.h>
#include <string.h>

static int tap_count_;
static int tap_failed_;

static inline int tap_ok_(int cond, const char *file, int line, const char *what)
{
    tap_count_++;
    if (!cond)
        tap_failed_++;
    printf("%sok %d - %s\n", cond ? "" : "not ", tap_count_, what);
    if (!cond)
        printf("#   at %s:%d\n", file, line);
    return cond;
}

#define CHECK(cond, what) tap_ok_((cond) != 0, __FILE__, __LINE__, (what))

#define CHECK_INT_EQ(a, b, what)                                                                   \
    do {                                                                                           \
        long long a_ = (long long)(a), b_ = (long long)(b);                                        \
        if (!tap_ok_(a_ == b_, __FILE__, __LINE__, (what)))                                        \
            printf("#   got %lld, want %lld\n", a_, b_);                                           \
    } while (0)

#define CHECK_STR_EQ(a, b, what)                                                                   \
    do {                                                                                           \
        const char *a_ = (a), *b_ = (b);                                                           \
        int eq_ = (a_ && b_) ? strcmp(a_, b_) == 0 : a_ == b_;                                     \
        if (!tap_ok_(eq_, __FILE__, __LINE__, (what)))                                             \
            printf("#   got  \"%s\"\n#   want \"%s\"\n", a_ ? a_ : "(null)", b_ ? b_ : "(null)");  \
    } while (0)

/* Print the plan and return the process exit status (0 when all passed). */
static inline int tap_done(void)
{
    printf("1..%d\n", tap_count_);
    return tap_failed_ ? 1 : 0;
}

/* Skip the whole test program: a TAP plan of 0 with a SKIP directive and exit
 * status 0 (meson 1.0 reports a TAP test that exits 77 as an error). */
static inline int tap_skip_all(const char *why)
{
    printf("1..0 # SKIP %s\n", why);
    return 0;
}

#endif
