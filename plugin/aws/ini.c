/* The AWS shared config/credentials file parser (INI dialect of the AWS CLI):
 * sections, `key = value`, comments, indented sub-properties, and errors
 * that name the file and line. Owns the aws_ini storage. */
#include "aws/ini.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define INI_MAX_FILE_BYTES (4u * 1024u * 1024u)

typedef struct ini_entry {
    size_t section; /* index into sections */
    char *key;      /* owned */
    char *value;    /* owned */
    int line;
} ini_entry;

struct aws_ini {
    char *name;      /* owned: file name for messages */
    char **sections; /* owned names */
    size_t n_sections, cap_sections;
    ini_entry *entries;
    size_t n_entries, cap_entries;
};

static char *dup_range(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

/* Trim spaces and tabs from both ends of [*s, *s + *n). */
static void trim(const char **s, size_t *n)
{
    while (*n > 0 && (**s == ' ' || **s == '\t')) {
        (*s)++;
        (*n)--;
    }
    while (*n > 0 && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
        (*n)--;
}

/* Cut an inline comment: '#' or ';' preceded by whitespace. */
static void cut_inline_comment(const char *s, size_t *n)
{
    for (size_t i = 1; i < *n; i++) {
        if ((s[i] == '#' || s[i] == ';') && (s[i - 1] == ' ' || s[i - 1] == '\t')) {
            *n = i;
            return;
        }
    }
}

static long find_section(const aws_ini *ini, const char *name)
{
    for (size_t i = 0; i < ini->n_sections; i++) {
        if (strcmp(ini->sections[i], name) == 0)
            return (long)i;
    }
    return -1;
}

/* Add (or find) a section named by [s, s+n) with whitespace runs collapsed.
 * Returns its index or -1 when out of memory. */
static long add_section(aws_ini *ini, const char *s, size_t n)
{
    char *name = malloc(n + 1);
    if (!name)
        return -1;
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        int space = s[i] == ' ' || s[i] == '\t';
        if (space && (o == 0 || name[o - 1] == ' '))
            continue;
        name[o++] = space ? ' ' : s[i];
    }
    name[o] = '\0';
    long idx = find_section(ini, name);
    if (idx >= 0) {
        free(name);
        return idx;
    }
    if (ini->n_sections == ini->cap_sections) {
        size_t cap = ini->cap_sections ? ini->cap_sections * 2 : 8;
        char **p = realloc(ini->sections, cap * sizeof(*p));
        if (!p) {
            free(name);
            return -1;
        }
        ini->sections = p;
        ini->cap_sections = cap;
    }
    ini->sections[ini->n_sections] = name;
    return (long)ini->n_sections++;
}

/* Set key (prefix "parent." when parent != NULL) in section: last one wins.
 * Returns 0, or -1 when out of memory. */
static int set_value(aws_ini *ini, size_t section, const char *parent, const char *key,
                     size_t key_len, const char *value, size_t value_len, int line)
{
    size_t plen = parent ? strlen(parent) + 1 : 0;
    char *k = malloc(plen + key_len + 1);
    char *v = dup_range(value, value_len);
    if (!k || !v) {
        free(k);
        free(v);
        return -1;
    }
    if (parent) {
        memcpy(k, parent, plen - 1);
        k[plen - 1] = '.';
    }
    memcpy(k + plen, key, key_len);
    k[plen + key_len] = '\0';
    for (size_t i = 0; i < ini->n_entries; i++) {
        ini_entry *e = &ini->entries[i];
        if (e->section == section && strcmp(e->key, k) == 0) {
            free(k);
            free(e->value);
            e->value = v;
            e->line = line;
            return 0;
        }
    }
    if (ini->n_entries == ini->cap_entries) {
        size_t cap = ini->cap_entries ? ini->cap_entries * 2 : 16;
        ini_entry *p = realloc(ini->entries, cap * sizeof(*p));
        if (!p) {
            free(k);
            free(v);
            return -1;
        }
        ini->entries = p;
        ini->cap_entries = cap;
    }
    ini->entries[ini->n_entries++] = (ini_entry){section, k, v, line};
    return 0;
}

static const ini_entry *find_entry(const aws_ini *ini, const char *section, const char *key)
{
    if (!ini || !section || !key)
        return NULL;
    long s = find_section(ini, section);
    if (s < 0)
        return NULL;
    for (size_t i = 0; i < ini->n_entries; i++) {
        const ini_entry *e = &ini->entries[i];
        if (e->section == (size_t)s && strcmp(e->key, key) == 0)
            return e;
    }
    return NULL;
}

/* Parser state across lines. */
typedef struct parse_state {
    aws_ini *ini;
    const char *name;
    long section;       /* -1 before the first header */
    char *parent;       /* owned: key whose value was empty (sub-properties may follow) */
    char *last_key;     /* owned: the last top-level key, for messages */
    int last_has_value; /* the last top-level key had a non-empty value */
} parse_state;

static sdh_status parse_error(sdh_error *err, const char *name, int line, const char *why)
{
    return sdh_error_set(err, SDH_STATUS_CONFIG_ERROR, "InvalidConfigFile", NULL, "%s:%d: %s", name,
                         line, why);
}

static sdh_status oom(sdh_error *err)
{
    return sdh_error_set(err, SDH_STATUS_INTERNAL, "OutOfMemory", NULL,
                         "out of memory parsing a config file");
}

static sdh_status parse_header(parse_state *st, const char *s, size_t n, int line, sdh_error *err)
{
    /* s[0] == '[' */
    const char *close = memchr(s, ']', n);
    if (!close)
        return parse_error(err, st->name, line, "section header without a closing ']'");
    const char *inner = s + 1;
    size_t inner_len = (size_t)(close - inner);
    trim(&inner, &inner_len);
    if (inner_len == 0 || memchr(inner, '[', inner_len))
        return parse_error(err, st->name, line, "malformed section header");
    const char *rest = close + 1;
    size_t rest_len = n - (size_t)(rest - s);
    trim(&rest, &rest_len);
    if (rest_len > 0 && rest[0] != '#' && rest[0] != ';')
        return parse_error(err, st->name, line, "text after the section header");
    st->section = add_section(st->ini, inner, inner_len);
    if (st->section < 0)
        return oom(err);
    free(st->parent);
    st->parent = NULL;
    free(st->last_key);
    st->last_key = NULL;
    return SDH_STATUS_OK;
}

/* Split "key = value" (also "key: value", as configparser does) at the first
 * delimiter. Returns 0 when there is none. */
static int split_kv(const char *s, size_t n, const char **k, size_t *kn, const char **v, size_t *vn)
{
    size_t i = 0;
    while (i < n && s[i] != '=' && s[i] != ':')
        i++;
    if (i == n)
        return 0;
    *k = s;
    *kn = i;
    trim(k, kn);
    *v = s + i + 1;
    *vn = n - i - 1;
    cut_inline_comment(*v, vn);
    trim(v, vn);
    return 1;
}

static sdh_status parse_line(parse_state *st, const char *s, size_t n, int line, sdh_error *err)
{
    int indented = n > 0 && (s[0] == ' ' || s[0] == '\t');
    const char *t = s;
    size_t tn = n;
    trim(&t, &tn);
    if (tn == 0 || t[0] == '#' || t[0] == ';')
        return SDH_STATUS_OK;

    if (indented && st->last_key) {
        /* A continuation line of the last key. */
        if (st->last_has_value || !st->parent) {
            char why[200];
            snprintf(why, sizeof(why),
                     "unexpected indented line (continuation of '%.60s', which "
                     "already has a value)",
                     st->last_key);
            return parse_error(err, st->name, line, why);
        }
        const char *k, *v;
        size_t kn, vn;
        if (!split_kv(t, tn, &k, &kn, &v, &vn) || kn == 0)
            return parse_error(err, st->name, line, "sub-property is not 'key = value'");
        if (set_value(st->ini, (size_t)st->section, st->parent, k, kn, v, vn, line) != 0)
            return oom(err);
        return SDH_STATUS_OK;
    }
    if (t[0] == '[')
        return parse_header(st, t, tn, line, err);
    if (st->section < 0)
        return parse_error(err, st->name, line, "key outside of any [section]");
    const char *k, *v;
    size_t kn, vn;
    if (!split_kv(t, tn, &k, &kn, &v, &vn))
        return parse_error(err, st->name, line, "line is not 'key = value'");
    if (kn == 0)
        return parse_error(err, st->name, line, "empty key");
    if (set_value(st->ini, (size_t)st->section, NULL, k, kn, v, vn, line) != 0)
        return oom(err);
    free(st->last_key);
    free(st->parent);
    st->parent = NULL;
    st->last_key = dup_range(k, kn);
    if (!st->last_key)
        return oom(err);
    st->last_has_value = vn > 0;
    if (vn == 0) {
        st->parent = dup_range(k, kn);
        if (!st->parent)
            return oom(err);
    }
    return SDH_STATUS_OK;
}

sdh_status aws_ini_parse(const char *name, const char *text, size_t len, aws_ini **out,
                         sdh_error *err)
{
    *out = NULL;
    aws_ini *ini = calloc(1, sizeof(*ini));
    if (!ini)
        return oom(err);
    ini->name = dup_range(name ? name : "", name ? strlen(name) : 0);
    if (!ini->name) {
        free(ini);
        return oom(err);
    }
    parse_state st = {ini, ini->name, -1, NULL, NULL, 0};
    sdh_status status = SDH_STATUS_OK;
    size_t pos = 0;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        pos = 3;
    int line = 0;
    while (pos < len && status == SDH_STATUS_OK) {
        line++;
        const char *s = text + pos;
        const char *nl = memchr(s, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - s) : len - pos;
        pos += n + (nl ? 1 : 0);
        if (n > 0 && s[n - 1] == '\r')
            n--;
        if (memchr(s, '\0', n)) {
            status = parse_error(err, st.name, line, "NUL byte in the file");
            break;
        }
        status = parse_line(&st, s, n, line, err);
    }
    free(st.parent);
    free(st.last_key);
    if (status != SDH_STATUS_OK) {
        aws_ini_free(ini);
        return status;
    }
    *out = ini;
    return SDH_STATUS_OK;
}

sdh_status aws_ini_parse_file(const char *path, aws_ini **out, sdh_error *err)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (errno == ENOENT || errno == ENOTDIR)
            return SDH_STATUS_OK;
        return sdh_error_set(err, SDH_STATUS_CONFIG_ERROR, "InvalidConfigFile", NULL,
                             "%s: cannot be read: %s", path, strerror(errno));
    }
    size_t cap = 4096, len = 0;
    char *data = malloc(cap);
    sdh_status status = SDH_STATUS_OK;
    while (data) {
        if (len == cap) {
            if (cap >= INI_MAX_FILE_BYTES) {
                status = sdh_error_set(err, SDH_STATUS_CONFIG_ERROR, "InvalidConfigFile", NULL,
                                       "%s: larger than %u bytes", path, INI_MAX_FILE_BYTES);
                break;
            }
            char *p = realloc(data, cap * 2);
            if (!p) {
                free(data);
                data = NULL;
                break;
            }
            data = p;
            cap *= 2;
        }
        size_t got = fread(data + len, 1, cap - len, f);
        len += got;
        if (got == 0) {
            if (ferror(f))
                status = sdh_error_set(err, SDH_STATUS_CONFIG_ERROR, "InvalidConfigFile", NULL,
                                       "%s: read error", path);
            break;
        }
    }
    fclose(f);
    if (!data)
        return oom(err);
    if (status == SDH_STATUS_OK)
        status = aws_ini_parse(path, data, len, out, err);
    free(data);
    return status;
}

void aws_ini_free(aws_ini *ini)
{
    if (!ini)
        return;
    for (size_t i = 0; i < ini->n_entries; i++) {
        free(ini->entries[i].key);
        free(ini->entries[i].value);
    }
    for (size_t i = 0; i < ini->n_sections; i++)
        free(ini->sections[i]);
    free(ini->entries);
    free(ini->sections);
    free(ini->name);
    free(ini);
}

const char *aws_ini_get(const aws_ini *ini, const char *section, const char *key)
{
    const ini_entry *e = find_entry(ini, section, key);
    return e ? e->value : NULL;
}

int aws_ini_has_section(const aws_ini *ini, const char *section)
{
    return ini && section && find_section(ini, section) >= 0;
}

int aws_ini_line(const aws_ini *ini, const char *section, const char *key)
{
    const ini_entry *e = find_entry(ini, section, key);
    return e ? e->line : 0;
}

const char *aws_ini_name(const aws_ini *ini)
{
    return ini ? ini->name : NULL;
}
