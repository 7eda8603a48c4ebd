/* sdh_buf: a growable byte buffer with a hard maximum size (after curl's
 * dynbuf). Always NUL-terminated when non-empty, so text can be read directly.
 * Buffers carry secrets at times (STS forms, credential responses and process
 * output), so every block it lets go of is wiped first: on growth, reset and
 * free. */
#ifndef SDH_UTIL_BUF_H
#define SDH_UTIL_BUF_H

#include <stddef.h>

typedef enum sdh_buf_result {
    SDH_BUF_OK = 0,
    SDH_BUF_NOMEM,  /* allocation failed; contents unchanged */
    SDH_BUF_TOO_BIG /* the addition would pass `max`; contents unchanged */
} sdh_buf_result;

typedef struct sdh_buf {
    char *data; /* owned; NULL until the first addition */
    size_t len; /* bytes used, excluding the terminating NUL */
    size_t cap;
    size_t max; /* maximum len */
} sdh_buf;

void sdh_buf_init(sdh_buf *b, size_t max);
sdh_buf_result sdh_buf_add(sdh_buf *b, const void *data, size_t len);
sdh_buf_result sdh_buf_addstr(sdh_buf *b, const char *s);
sdh_buf_result sdh_buf_printf(sdh_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The text so far: borrowed, "" when empty, valid until the next change. */
const char *sdh_buf_str(const sdh_buf *b);
/* Hand the contents to the caller (new; release with free(), or with
 * sdh_buf_wipe_free() when it may hold a secret); the buffer is left empty.
 * May return NULL when empty. */
char *sdh_buf_take(sdh_buf *b);
void sdh_buf_reset(sdh_buf *b);
/* Wipe `len` bytes of `p` (NUL-terminated text when len is (size_t)-1) and free it. NULL accepted.
 */
void sdh_buf_wipe_free(char *p, size_t len);
void sdh_buf_free(sdh_buf *b);

#endif
