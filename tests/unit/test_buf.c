/* Unit tests for the bounded buffer (plugin/util/buf.c). */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "util/buf.h"

int main(void)
{
    sdh_buf b;
    sdh_buf_init(&b, 16);
    CHECK_STR_EQ(sdh_buf_str(&b), "", "empty buffer reads as \"\"");
    CHECK_INT_EQ(sdh_buf_addstr(&b, "0123456789"), SDH_BUF_OK, "add within the maximum");
    CHECK_INT_EQ(sdh_buf_addstr(&b, "abcdefg"), SDH_BUF_TOO_BIG, "refused past the maximum");
    CHECK_STR_EQ(sdh_buf_str(&b), "0123456789", "contents unchanged after a refusal");
    CHECK_INT_EQ(sdh_buf_printf(&b, "%s", "abcdef"), SDH_BUF_OK, "exactly the maximum fits");
    CHECK_INT_EQ(b.len, 16, "length is the maximum");
    CHECK_INT_EQ(sdh_buf_add(&b, "x", 1), SDH_BUF_TOO_BIG, "one more byte is refused");

    /* reset wipes the old contents, not just the first byte */
    size_t cap = b.cap;
    sdh_buf_reset(&b);
    int zero = 1;
    for (size_t i = 0; i < cap; i++)
        zero &= b.data[i] == 0;
    CHECK(zero, "reset wipes the whole block");
    CHECK_INT_EQ(b.len, 0, "reset empties");

    /* growth keeps the contents across several reallocations */
    sdh_buf big;
    sdh_buf_init(&big, 1 << 20);
    for (int i = 0; i < 1000; i++)
        sdh_buf_printf(&big, "%04d", i);
    CHECK_INT_EQ(big.len, 4000, "4000 bytes after 1000 additions");
    CHECK(memcmp(big.data, "000000010002", 12) == 0 && memcmp(big.data + 3996, "0999", 4) == 0,
          "contents kept across growth");
    char *long_text = malloc(1000);
    memset(long_text, 'y', 999);
    long_text[999] = '\0';
    sdh_buf_reset(&big);
    CHECK_INT_EQ(sdh_buf_printf(&big, "<%s>", long_text), SDH_BUF_OK, "printf longer than 256");
    CHECK_INT_EQ(big.len, 1001, "long printf length");
    free(long_text);

    char *taken = sdh_buf_take(&big);
    CHECK(taken && taken[0] == '<' && big.data == NULL && big.len == 0, "take hands over");
    sdh_buf_wipe_free(taken, (size_t)-1);
    sdh_buf_free(&big);
    sdh_buf_free(&b);
    CHECK(b.data == NULL && b.max == 16, "free leaves an empty buffer with its maximum");
    return tap_done();
}
