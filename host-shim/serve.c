/* JSON Lines serving: a bounded line reader on fd 0 (read(2), so SIGINT
 * interrupts it), one reply line per request line, errors as reply lines. */
#include "serve.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exitcodes.h"
#include "io.h"
#include "output.h"

typedef struct line_state {
    char *line; /* owned, grows up to SHIM_MAX_REQUEST + 1 bytes */
    size_t len, cap;
    int overlong; /* the current line passed the limit; the rest is dropped */
    unsigned long number;
} line_state;

/* Append `n` bytes to the current line unless it is (or becomes) overlong. */
static int append(line_state *ls, const char *data, size_t n)
{
    if (ls->overlong)
        return 0;
    if (n > SHIM_MAX_REQUEST - ls->len) {
        ls->overlong = 1;
        ls->len = 0;
        return 0;
    }
    if (ls->len + n + 1 > ls->cap) {
        size_t ncap = ls->cap ? ls->cap : 4096;
        while (ncap < ls->len + n + 1)
            ncap *= 2;
        if (ncap > SHIM_MAX_REQUEST + 1)
            ncap = SHIM_MAX_REQUEST + 1;
        char *nline = realloc(ls->line, ncap);
        if (!nline)
            return -1;
        ls->line = nline;
        ls->cap = ncap;
    }
    memcpy(ls->line + ls->len, data, n);
    ls->len += n;
    return 0;
}

/* Answer the current line and reset it. Returns 0 or -1 when stdout failed. */
static int answer(shim_session *s, line_state *ls)
{
    int exit_code;
    json_t *reply;
    char message[128];
    ls->number++;
    if (ls->overlong) {
        snprintf(message, sizeof(message), "line %lu is longer than 1 MiB; skipped", ls->number);
        reply = session_error("invalid_input", "RequestTooLarge", NULL, message);
    } else {
        reply = session_request(s, ls->line ? ls->line : "", ls->len, &exit_code);
        if (exit_code != SHIM_EXIT_OK)
            host_log(s->host, SDH_LOG_DEBUG, "line %lu: exit code %d", ls->number, exit_code);
    }
    ls->len = 0;
    ls->overlong = 0;
    int rc = reply ? output_json(reply) : -1;
    json_decref(reply);
    return rc;
}

int serve_run(shim_session *s)
{
    line_state ls = {0};
    char chunk[65536];
    int result = SHIM_EXIT_OK;
    for (;;) {
        if (host_cancel_requested()) {
            result = SHIM_EXIT_CANCELLED;
            break;
        }
        ssize_t n = read(STDIN_FILENO, chunk, sizeof(chunk));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            host_log(s->host, SDH_LOG_ERROR, "cannot read stdin: %s", strerror(errno));
            result = SHIM_EXIT_INTERNAL;
            break;
        }
        if (n == 0) {
            if ((ls.len > 0 || ls.overlong) && answer(s, &ls) != 0)
                result = SHIM_EXIT_INTERNAL;
            break;
        }
        const char *p = chunk;
        const char *end = chunk + n;
        while (p < end && result == SHIM_EXIT_OK) {
            const char *nl = memchr(p, '\n', (size_t)(end - p));
            const char *stop = nl ? nl : end;
            if (append(&ls, p, (size_t)(stop - p)) != 0) {
                host_log(s->host, SDH_LOG_ERROR, "out of memory");
                result = SHIM_EXIT_INTERNAL;
            } else if (nl && answer(s, &ls) != 0) {
                host_log(s->host, SDH_LOG_ERROR, "cannot write stdout: %s", strerror(errno));
                result = SHIM_EXIT_INTERNAL;
            } else if (nl && host_cancel_requested()) {
                result = SHIM_EXIT_CANCELLED;
            }
            p = stop + (nl ? 1 : 0);
        }
        if (result != SHIM_EXIT_OK)
            break;
    }
    free(ls.line);
    /* A SIGINT that raced with end of input still means "cancelled". */
    if (result == SHIM_EXIT_OK && host_cancel_requested())
        result = SHIM_EXIT_CANCELLED;
    return result;
}
