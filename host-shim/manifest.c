/* Plugin manifest parsing and validation: every member typed and checked,
 * unknown members refused, errors naming the field. */
#include "manifest.h"

#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sdhost/plugin.h"

static int fail(char *why, size_t cap, const char *field, const char *text)
{
    snprintf(why, cap, "invalid manifest: field \"%s\" %s", field, text);
    return -1;
}

static int valid_name(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 64)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!(islower(c) || isdigit(c) || (i > 0 && (c == '-' || c == '_' || c == '.'))))
            return 0;
    }
    return 1;
}

/* New string: `library` when absolute, else joined to the directory of
 * `manifest_path`. NULL when out of memory. */
static char *resolve_library(const char *manifest_path, const char *library)
{
    if (library[0] == '/')
        return strdup(library);
    const char *slash = strrchr(manifest_path, '/');
    size_t dirlen = slash ? (size_t)(slash - manifest_path) : 1;
    const char *dir = slash ? manifest_path : ".";
    size_t total = dirlen + 1 + strlen(library) + 1;
    char *out = malloc(total);
    if (out)
        snprintf(out, total, "%.*s/%s", (int)dirlen, dir, library);
    return out;
}

static int check_members(json_t *root, char *why, size_t cap)
{
    static const char *const known[] = {"name", "abi", "library", "description", "sha256"};
    const char *key;
    json_t *value;
    json_object_foreach(root, key, value)
    {
        size_t i = 0;
        while (i < sizeof(known) / sizeof(known[0]) && strcmp(known[i], key) != 0)
            i++;
        if (i == sizeof(known) / sizeof(known[0]))
            return fail(why, cap, key, "is not a manifest field");
    }
    return 0;
}

int manifest_parse(const char *text, size_t len, const char *manifest_path, shim_manifest *out,
                   char *why, size_t cap)
{
    json_error_t jerr;
    int rc = -1;
    memset(out, 0, sizeof(*out));
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        snprintf(why, cap, "invalid manifest: not valid JSON: %s (line %d, column %d)", jerr.text,
                 jerr.line, jerr.column);
        return -1;
    }
    if (!json_is_object(root)) {
        snprintf(why, cap, "invalid manifest: not a JSON object");
        goto out;
    }
    if (check_members(root, why, cap) != 0)
        goto out;

    json_t *name = json_object_get(root, "name");
    json_t *abi = json_object_get(root, "abi");
    json_t *library = json_object_get(root, "library");
    json_t *description = json_object_get(root, "description");
    json_t *sha = json_object_get(root, "sha256");
    if (!name) {
        fail(why, cap, "name", "is missing");
        goto out;
    }
    if (!json_is_string(name) || !valid_name(json_string_value(name))) {
        fail(why, cap, "name", "must be 1-64 characters of [a-z0-9] then [a-z0-9._-]");
        goto out;
    }
    if (!abi) {
        fail(why, cap, "abi", "is missing");
        goto out;
    }
    if (!json_is_integer(abi) || json_integer_value(abi) != SDH_ABI_VERSION) {
        fail(why, cap, "abi", "must be the integer 1, the ABI this host speaks");
        goto out;
    }
    if (!library) {
        fail(why, cap, "library", "is missing");
        goto out;
    }
    if (!json_is_string(library) || json_string_length(library) == 0) {
        fail(why, cap, "library", "must be a non-empty string");
        goto out;
    }
    if (description && !json_is_string(description)) {
        fail(why, cap, "description", "must be a string");
        goto out;
    }
    if (!sha) {
        fail(why, cap, "sha256", "is missing");
        goto out;
    }
    const char *hex = json_string_value(sha);
    size_t i = 0;
    while (hex && i < 64 && isxdigit((unsigned char)hex[i]))
        i++;
    if (!hex || i != 64 || hex[64] != '\0') {
        fail(why, cap, "sha256", "must be 64 hexadecimal digits");
        goto out;
    }
    for (i = 0; i < 64; i++)
        out->sha256[i] = (char)tolower((unsigned char)hex[i]);
    out->sha256[64] = '\0';
    out->name = strdup(json_string_value(name));
    out->library = resolve_library(manifest_path, json_string_value(library));
    if (!out->name || !out->library) {
        snprintf(why, cap, "out of memory");
        manifest_free(out);
        goto out;
    }
    rc = 0;
out:
    json_decref(root);
    return rc;
}

void manifest_free(shim_manifest *m)
{
    free(m->name);
    free(m->library);
    m->name = NULL;
    m->library = NULL;
}
