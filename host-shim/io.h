/* Bounded input for sdhost-shim: whole files/stdin up to a limit, and the
 * framing checks every request text passes before it reaches the plugin. */
#ifndef SHIM_IO_H
#define SHIM_IO_H

#include <stddef.h>

/* Largest request (a `call` input or one `serve` line), in bytes. */
#define SHIM_MAX_REQUEST (1024 * 1024)

typedef enum io_result {
    IO_OK = 0,
    IO_TOO_LARGE, /* more than `limit` bytes */
    IO_ERROR,     /* open/read failed; errno is set */
    IO_CANCELLED  /* SIGINT while reading */
} io_result;

/* Read all of `fd` into a new NUL-terminated buffer (*out, free() it; *len
 * excludes the NUL), reading at most limit + 1 bytes. On IO_TOO_LARGE *out
 * is NULL and the rest of the input is left unread. */
io_result io_read_fd(int fd, size_t limit, char **out, size_t *len);

/* The same for a file path, or stdin for "-" (borrowed). */
io_result io_read_path(const char *path, size_t limit, char **out, size_t *len);

/* Framing checks on a request text (borrowed, `len` bytes): returns NULL when
 * it may be given to the plugin, else a static error code ("EmptyRequest",
 * "InvalidJson") and points *why at a static explanation. */
const char *io_check_request(const char *text, size_t len, const char **why);

/* Non-zero when `len` bytes at `s` are valid UTF-8 (no overlongs, no
 * surrogates, nothing above U+10FFFF). */
int io_valid_utf8(const char *s, size_t len);

#endif
