/* The plugin loader. Before dlopen: the file must be a regular file, owned by
 * us or root, not writable by group or others, in a directory that is not
 * either (like sshd's StrictModes), and an ELF file; with a manifest its
 * SHA-256 must match. After dlopen: the one entry symbol, a non-NULL vtable
 * for ABI 1 with a large enough struct_size and every required function. */
/* realpath(3) is an XSI function. */
#define _XOPEN_SOURCE 700

#include "loader.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io.h"
#include "manifest.h"

/* The size of an ABI 1 vtable: up to and including free_string. */
#define ABI1_PLUGIN_SIZE (offsetof(sdh_plugin, free_string) + sizeof(void (*)(char *)))

#define MAX_MANIFEST_BYTES (64 * 1024)

static int fail(char *why, size_t cap, const char *fmt, const char *a, const char *b)
{
    snprintf(why, cap, fmt, a, b);
    return -1;
}

/* Refuse what others could have changed: group/other-writable, owned by a
 * third user, or (for files) not regular. `what` is "file" or "directory". */
static int check_mode(const struct stat *st, const char *path, int want_dir, char *why, size_t cap)
{
    if (want_dir ? !S_ISDIR(st->st_mode) : !S_ISREG(st->st_mode))
        return fail(why, cap, "%s is not a regular %s", path, want_dir ? "directory" : "file");
    if (st->st_mode & (S_IWGRP | S_IWOTH)) {
        snprintf(why, cap, "%s %s is writable by group or others (mode %04o); refusing to load it",
                 want_dir ? "directory" : "file", path, (unsigned)(st->st_mode & 07777));
        return -1;
    }
    if (st->st_uid != 0 && st->st_uid != geteuid()) {
        snprintf(why, cap, "%s %s is owned by uid %u, neither root nor us; refusing to load it",
                 want_dir ? "directory" : "file", path, (unsigned)st->st_uid);
        return -1;
    }
    return 0;
}

/* Open the real path `real` (borrowed) after checking it and its directory. */
static int open_trusted(const char *real, struct stat *st, char *why, size_t cap)
{
    char dir[PATH_MAX];
    const char *slash = strrchr(real, '/');
    snprintf(dir, sizeof(dir), "%.*s", slash == real ? 1 : (int)(slash - real), real);
    struct stat dst;
    if (stat(dir, &dst) != 0)
        return fail(why, cap, "cannot stat directory %s: %s", dir, strerror(errno));
    if (check_mode(&dst, dir, 1, why, cap) != 0)
        return -1;
    int fd = open(real, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0)
        return fail(why, cap, "cannot open %s: %s", real, strerror(errno));
    if (fstat(fd, st) != 0 || check_mode(st, real, 0, why, cap) != 0) {
        if (!why[0])
            fail(why, cap, "cannot stat %s: %s", real, strerror(errno));
        close(fd);
        return -1;
    }
    return fd;
}

/* The SHA-256 of what `fd` reads, as lowercase hex in hex[65]. */
static int sha256_fd(int fd, char hex[65])
{
    unsigned char md[32];
    unsigned int mdlen = 0;
    unsigned char buf[65536];
    int rc = -1;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (!ctx || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1)
        goto out;
    for (;;) {
        ssize_t n = read(fd, buf, sizeof(buf));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            goto out;
        if (n == 0)
            break;
        if (EVP_DigestUpdate(ctx, buf, (size_t)n) != 1)
            goto out;
    }
    if (EVP_DigestFinal_ex(ctx, md, &mdlen) != 1 || mdlen != sizeof(md))
        goto out;
    for (unsigned i = 0; i < sizeof(md); i++)
        snprintf(hex + 2 * i, 3, "%02x", md[i]);
    rc = 0;
out:
    EVP_MD_CTX_free(ctx);
    return rc;
}

static int is_elf(int fd)
{
    unsigned char magic[4];
    return pread(fd, magic, sizeof(magic), 0) == (ssize_t)sizeof(magic) &&
           memcmp(magic, "\177ELF", 4) == 0;
}

/* dlopen `real` and check the entry and vtable. */
static int open_module(const char *real, shim_plugin *out, char *why, size_t cap)
{
    void *handle = dlopen(real, RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        const char *e = dlerror();
        return fail(why, cap, "dlopen failed: %s%s", e ? e : "unknown error", "");
    }
    dlerror();
    void *sym = dlsym(handle, SDH_PLUGIN_ENTRY_SYMBOL);
    if (!sym)
        return fail(why, cap, "%s is not a plugin: it has no %s symbol", real,
                    SDH_PLUGIN_ENTRY_SYMBOL);
    sdh_plugin_entry_fn entry;
    _Static_assert(sizeof(entry) == sizeof(sym), "function and data pointers differ in size");
    memcpy(&entry, &sym, sizeof(entry));
    const sdh_plugin *vt = entry(SDH_ABI_VERSION);
    if (!vt) {
        snprintf(why, cap, "%s(%u) returned NULL: the plugin does not speak ABI %u",
                 SDH_PLUGIN_ENTRY_SYMBOL, SDH_ABI_VERSION, SDH_ABI_VERSION);
        return -1;
    }
    if (vt->abi_version != SDH_ABI_VERSION) {
        snprintf(why, cap, "the plugin speaks ABI %u; this host speaks ABI %u",
                 (unsigned)vt->abi_version, SDH_ABI_VERSION);
        return -1;
    }
    if (vt->struct_size < ABI1_PLUGIN_SIZE) {
        snprintf(why, cap, "the plugin's struct_size %u is smaller than the ABI %u size %zu",
                 (unsigned)vt->struct_size, SDH_ABI_VERSION, (size_t)ABI1_PLUGIN_SIZE);
        return -1;
    }
    const char *missing = !vt->create        ? "create"
                          : !vt->destroy     ? "destroy"
                          : !vt->call        ? "call"
                          : !vt->free_string ? "free_string"
                                             : NULL;
    if (missing)
        return fail(why, cap, "the plugin's vtable has no %s function%s", missing, "");
    out->vt = vt;
    out->handle = handle; /* never dlclose: the plugin stays resident */
    return 0;
}

/* Load `path` after the trust checks; `want_sha256` (may be NULL) and
 * `want_name` (may be NULL) come from a manifest. */
static int load(const char *path, const char *want_sha256, const char *want_name, shim_plugin *out,
                char *why, size_t cap)
{
    char real[PATH_MAX];
    struct stat st, again;
    why[0] = '\0';
    /* realpath gives dlopen a path with a '/', so it never searches the
     * library path, and names the directory to check. */
    if (!realpath(path, real))
        return fail(why, cap, "cannot resolve %s: %s", path, strerror(errno));
    int fd = open_trusted(real, &st, why, cap);
    if (fd < 0)
        return -1;
    int rc = -1;
    if (!is_elf(fd)) {
        fail(why, cap, "%s is not a plugin: not an ELF file%s", real, "");
        goto out;
    }
    if (want_sha256) {
        char hex[65];
        if (sha256_fd(fd, hex) != 0) {
            fail(why, cap, "cannot compute the SHA-256 of %s: %s", real, strerror(errno));
            goto out;
        }
        if (strcmp(hex, want_sha256) != 0) {
            snprintf(why, cap, "sha256 mismatch: the manifest says %s but %s has %s", want_sha256,
                     real, hex);
            goto out;
        }
    }
    /* The file we checked must still be the one at the path. */
    if (stat(real, &again) != 0 || again.st_dev != st.st_dev || again.st_ino != st.st_ino) {
        fail(why, cap, "%s changed while it was being checked%s", real, "");
        goto out;
    }
    if (open_module(real, out, why, cap) != 0)
        goto out;
    if (want_name && strcmp(out->vt->name ? out->vt->name : "", want_name) != 0) {
        snprintf(why, cap, "the plugin calls itself \"%s\" but the manifest names \"%s\"",
                 out->vt->name ? out->vt->name : "", want_name);
        out->vt = NULL;
        goto out;
    }
    rc = 0;
out:
    close(fd);
    return rc;
}

int loader_load_library(const char *path, shim_plugin *out, char *why, size_t cap)
{
    return load(path, NULL, NULL, out, why, cap);
}

int loader_load_manifest(const char *manifest_path, shim_plugin *out, char *why, size_t cap)
{
    char real[PATH_MAX];
    struct stat st;
    char *text = NULL;
    size_t len = 0;
    shim_manifest m = {0};
    int rc = -1;
    why[0] = '\0';
    if (!realpath(manifest_path, real))
        return fail(why, cap, "cannot resolve %s: %s", manifest_path, strerror(errno));
    int fd = open_trusted(real, &st, why, cap);
    if (fd < 0)
        return -1;
    io_result r = io_read_fd(fd, MAX_MANIFEST_BYTES, &text, &len);
    close(fd);
    if (r == IO_TOO_LARGE)
        return fail(why, cap, "invalid manifest: %s is larger than 64 KiB%s", real, "");
    if (r != IO_OK)
        return fail(why, cap, "cannot read %s: %s", real, strerror(errno));
    if (manifest_parse(text, len, real, &m, why, cap) != 0)
        goto out;
    rc = load(m.library, m.sha256, m.name, out, why, cap);
out:
    manifest_free(&m);
    free(text);
    return rc;
}
