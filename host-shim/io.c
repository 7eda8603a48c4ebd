/* Bounded reading of files and stdin, and the request framing checks. */
#include "io.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "host.h"

io_result io_read_fd(int fd, size_t limit, char **out, size_t *len)
{
    size_t cap = 65536 < limit + 2 ? 65536 : limit + 2;
    size_t used = 0;
    char *buf = malloc(cap);
    *out = NULL;
    *len = 0;
    if (!buf)
        return IO_ERROR;
    for (;;) {
        if (used == cap - 1) { /* keep room for the NUL */
            size_t ncap = cap * 2 < limit + 2 ? cap * 2 : limit + 2;
            char *nbuf = realloc(buf, ncap);
            if (!nbuf) {
                free(buf);
                return IO_ERROR;
            }
            buf = nbuf;
            cap = ncap;
        }
        ssize_t n = read(fd, buf + used, cap - 1 - used);
        if (n < 0 && errno == EINTR) {
            if (host_cancel_requested()) {
                free(buf);
                return IO_CANCELLED;
            }
            continue;
        }
        if (n < 0) {
            int saved = errno;
            free(buf);
            errno = saved;
            return IO_ERROR;
        }
        if (n == 0)
            break;
        used += (size_t)n;
        if (used > limit) {
            free(buf);
            return IO_TOO_LARGE;
        }
    }
    buf[used] = '\0';
    *out = buf;
    *len = used;
    return IO_OK;
}

io_result io_read_path(const char *path, size_t limit, char **out, size_t *len)
{
    if (strcmp(path, "-") == 0)
        return io_read_fd(STDIN_FILENO, limit, out, len);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return IO_ERROR;
    io_result r = io_read_fd(fd, limit, out, len);
    int saved = errno;
    close(fd);
    errno = saved;
    return r;
}

int io_valid_utf8(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        unsigned c = p[i];
        size_t n;
        unsigned cp;
        if (c < 0x80) {
            i++;
            continue;
        } else if (c >= 0xc2 && c <= 0xdf) {
            n = 1;
            cp = c & 0x1f;
        } else if (c >= 0xe0 && c <= 0xef) {
            n = 2;
            cp = c & 0x0f;
        } else if (c >= 0xf0 && c <= 0xf4) {
            n = 3;
            cp = c & 0x07;
        } else {
            return 0;
        }
        if (len - i <= n)
            return 0;
        for (size_t k = 1; k <= n; k++) {
            if ((p[i + k] & 0xc0) != 0x80)
                return 0;
            cp = (cp << 6) | (p[i + k] & 0x3f);
        }
        if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10ffff ||
            (cp >= 0xd800 && cp <= 0xdfff))
            return 0;
        i += n + 1;
    }
    return 1;
}

const char *io_check_request(const char *text, size_t len, const char **why)
{
    size_t i = 0;
    while (i < len && strchr(" \t\r\n", text[i]) && text[i] != '\0')
        i++;
    if (i == len) {
        *why = "the request is empty";
        return "EmptyRequest";
    }
    if (memchr(text, '\0', len)) {
        *why = "the request contains a NUL byte";
        return "InvalidJson";
    }
    if (!io_valid_utf8(text, len)) {
        *why = "the request is not valid UTF-8";
        return "InvalidJson";
    }
    return NULL;
}
