/* A bounded XML reader for AWS query-protocol responses: a recursive-descent
 * parser over the input bytes that builds Jansson values as xml.h describes.
 * No DTDs, no external entities, no attributes kept; refuses what it does not
 * understand instead of guessing. */
#include "aws/xml.h"

#include <string.h>

#include "util/buf.h"

#define XML_MAX_INPUT (8u * 1024 * 1024)
#define XML_MAX_DEPTH 64
#define XML_MAX_NODES 100000
#define XML_MAX_NAME  256

typedef struct xml_parser {
    const char *start, *p, *end;
    size_t nodes;
    sdh_error *err;
    int failed;
} xml_parser;

static json_t *fail(xml_parser *x, const char *what)
{
    if (!x->failed)
        sdh_error_set(x->err, SDH_STATUS_REMOTE_ERROR, "MalformedResponse", NULL,
                      "malformed XML response: %s at byte %zu", what, (size_t)(x->p - x->start));
    x->failed = 1;
    return NULL;
}

static int is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int is_name_char(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.' || c == ':' || c >= 0x80;
}

static void skip_ws(xml_parser *x)
{
    while (x->p < x->end && is_ws(*x->p))
        x->p++;
}

static int starts(const xml_parser *x, const char *s)
{
    size_t n = strlen(s);
    return (size_t)(x->end - x->p) >= n && memcmp(x->p, s, n) == 0;
}

/* Skip past the next `close` (e.g. "-->"); 0 when the input ends first. */
static int skip_past(xml_parser *x, const char *close)
{
    size_t n = strlen(close);
    for (const char *q = x->p; (size_t)(x->end - q) >= n; q++) {
        if (memcmp(q, close, n) == 0) {
            x->p = q + n;
            return 1;
        }
    }
    return 0;
}

/* Skip comments and processing instructions (and whitespace when `ws`).
 * Returns 0 on an error (already reported). */
static int skip_misc(xml_parser *x, int ws)
{
    for (;;) {
        if (ws)
            skip_ws(x);
        if (starts(x, "<!--")) {
            x->p += 4;
            if (!skip_past(x, "-->"))
                return fail(x, "unterminated comment"), 0;
        } else if (starts(x, "<?")) {
            x->p += 2;
            if (!skip_past(x, "?>"))
                return fail(x, "unterminated processing instruction"), 0;
        } else if (starts(x, "<!DOCTYPE") || starts(x, "<!doctype")) {
            return fail(x, "DOCTYPE is not allowed"), 0;
        } else {
            return 1;
        }
    }
}

/* Read a name into `name` (NUL-terminated). */
static int read_name(xml_parser *x, char name[XML_MAX_NAME + 1])
{
    const char *s = x->p;
    while (x->p < x->end && is_name_char((unsigned char)*x->p))
        x->p++;
    size_t n = (size_t)(x->p - s);
    if (n == 0)
        return fail(x, "expected a name"), 0;
    if (n > XML_MAX_NAME)
        return fail(x, "name too long"), 0;
    memcpy(name, s, n);
    name[n] = '\0';
    return 1;
}

/* Append code point `cp` as UTF-8. */
static int add_utf8(sdh_buf *b, unsigned long cp)
{
    char u[4];
    size_t n;
    if (cp < 0x80) {
        u[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        u[0] = (char)(0xF0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    return sdh_buf_add(b, u, n) == SDH_BUF_OK;
}

/* Decode one entity reference at x->p ('&') into `b`. */
static int read_entity(xml_parser *x, sdh_buf *b)
{
    static const struct {
        const char *name;
        char ch;
    } named[] = {{"lt", '<'}, {"gt", '>'}, {"amp", '&'}, {"quot", '"'}, {"apos", '\''}};
    const char *s = x->p + 1;
    const char *semi = s;
    while (semi < x->end && semi - s < 12 && *semi != ';')
        semi++;
    if (semi >= x->end || *semi != ';')
        return fail(x, "unterminated entity reference"), 0;
    size_t n = (size_t)(semi - s);
    if (n > 1 && s[0] == '#') {
        unsigned long cp = 0;
        int hex = s[1] == 'x';
        size_t i = hex ? 2 : 1;
        if (i >= n)
            return fail(x, "empty character reference"), 0;
        for (; i < n; i++) {
            char c = s[i];
            int d = (c >= '0' && c <= '9')          ? c - '0'
                    : (hex && c >= 'a' && c <= 'f') ? c - 'a' + 10
                    : (hex && c >= 'A' && c <= 'F') ? c - 'A' + 10
                                                    : -1;
            if (d < 0)
                return fail(x, "bad character reference"), 0;
            cp = cp * (hex ? 16 : 10) + (unsigned long)d;
            if (cp > 0x10FFFF)
                return fail(x, "character reference out of range"), 0;
        }
        if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF))
            return fail(x, "character reference out of range"), 0;
        if (!add_utf8(b, cp))
            return fail(x, "out of memory"), 0;
    } else {
        size_t k;
        for (k = 0; k < sizeof(named) / sizeof(named[0]); k++)
            if (strlen(named[k].name) == n && memcmp(named[k].name, s, n) == 0)
                break;
        if (k == sizeof(named) / sizeof(named[0]))
            return fail(x, "unknown entity"), 0;
        if (sdh_buf_add(b, &named[k].ch, 1) != SDH_BUF_OK)
            return fail(x, "out of memory"), 0;
    }
    x->p = semi + 1;
    return 1;
}

/* Skip attributes up to and including '>' or "/>"; *empty tells which. */
static int skip_attributes(xml_parser *x, int *empty)
{
    for (;;) {
        skip_ws(x);
        if (x->p >= x->end)
            return fail(x, "truncated start tag"), 0;
        if (*x->p == '>') {
            x->p++;
            *empty = 0;
            return 1;
        }
        if (starts(x, "/>")) {
            x->p += 2;
            *empty = 1;
            return 1;
        }
        char name[XML_MAX_NAME + 1];
        if (!read_name(x, name))
            return 0;
        skip_ws(x);
        if (x->p >= x->end || *x->p != '=')
            return fail(x, "expected '=' in attribute"), 0;
        x->p++;
        skip_ws(x);
        if (x->p >= x->end || (*x->p != '"' && *x->p != '\''))
            return fail(x, "expected a quoted attribute value"), 0;
        const char *close = memchr(x->p + 1, *x->p, (size_t)(x->end - x->p - 1));
        if (!close)
            return fail(x, "unterminated attribute value"), 0;
        x->p = close + 1;
    }
}

/* Record child `name` -> `value` (stolen) in the parent's collections. */
static int add_child(json_t *list, json_t *obj, json_t *repeated, const char *name, json_t *value)
{
    if (json_array_append(list, value)) {
        json_decref(value);
        return 0;
    }
    json_t *have = json_object_get(obj, name);
    if (!have)
        return json_object_set_new(obj, name, value) == 0;
    if (!json_object_get(repeated, name)) {
        json_t *arr = json_array();
        if (!arr || json_array_append(arr, have) || json_object_set_new(obj, name, arr) ||
            json_object_set_new(repeated, name, json_true())) {
            json_decref(value);
            return 0;
        }
        have = arr;
    }
    return json_array_append_new(have, value) == 0;
}

/* Parse the element starting at x->p ('<' of its start tag). Fills `name`
 * and returns its value (new reference) or NULL. */
static json_t *parse_element(xml_parser *x, int depth, char name[XML_MAX_NAME + 1])
{
    if (depth > XML_MAX_DEPTH)
        return fail(x, "elements nested too deeply");
    if (++x->nodes > XML_MAX_NODES)
        return fail(x, "too many elements");
    x->p++; /* '<' */
    if (!read_name(x, name))
        return NULL;
    int empty = 0;
    if (!skip_attributes(x, &empty))
        return NULL;
    if (empty)
        return json_string("");

    json_t *list = json_array(), *obj = json_object(), *repeated = json_object();
    json_t *result = NULL;
    int all_member = 1, significant = 0;
    size_t n_children = 0;
    sdh_buf text;
    sdh_buf_init(&text, XML_MAX_INPUT);
    if (!list || !obj || !repeated) {
        fail(x, "out of memory");
        goto out;
    }

    for (;;) {
        if (x->p >= x->end) {
            fail(x, "truncated document");
            goto out;
        }
        if (*x->p != '<') {
            const char *s = x->p;
            while (x->p < x->end && *x->p != '<' && *x->p != '&') {
                if (*x->p == '\0') {
                    fail(x, "NUL byte in text");
                    goto out;
                }
                if (!is_ws(*x->p))
                    significant = 1;
                x->p++;
            }
            if (sdh_buf_add(&text, s, (size_t)(x->p - s)) != SDH_BUF_OK) {
                fail(x, "out of memory");
                goto out;
            }
            if (x->p < x->end && *x->p == '&') {
                if (!read_entity(x, &text))
                    goto out;
                significant = 1;
            }
            continue;
        }
        if (starts(x, "</")) {
            x->p += 2;
            char end_name[XML_MAX_NAME + 1];
            if (!read_name(x, end_name))
                goto out;
            if (strcmp(end_name, name) != 0) {
                fail(x, "mismatched end tag");
                goto out;
            }
            skip_ws(x);
            if (x->p >= x->end || *x->p != '>') {
                fail(x, "truncated end tag");
                goto out;
            }
            x->p++;
            break;
        }
        if (starts(x, "<![CDATA[")) {
            x->p += 9;
            const char *s = x->p;
            if (!skip_past(x, "]]>")) {
                fail(x, "unterminated CDATA section");
                goto out;
            }
            if (sdh_buf_add(&text, s, (size_t)(x->p - 3 - s)) != SDH_BUF_OK) {
                fail(x, "out of memory");
                goto out;
            }
            significant = 1;
            continue;
        }
        if (starts(x, "<!--") || starts(x, "<?")) {
            if (!skip_misc(x, 0))
                goto out;
            continue;
        }
        if (starts(x, "<!")) {
            fail(x, "markup declarations are not allowed");
            goto out;
        }
        char child[XML_MAX_NAME + 1];
        json_t *value = parse_element(x, depth + 1, child);
        if (!value)
            goto out;
        n_children++;
        if (strcmp(child, "member") != 0)
            all_member = 0;
        if (!add_child(list, obj, repeated, child, value)) {
            fail(x, "out of memory or invalid name");
            goto out;
        }
    }

    if (n_children == 0)
        result = significant ? json_stringn(sdh_buf_str(&text), text.len) : json_string("");
    else
        result = json_incref(all_member ? list : obj);
    if (!result)
        fail(x, "text is not valid UTF-8");
out:
    sdh_buf_free(&text);
    json_decref(list);
    json_decref(obj);
    json_decref(repeated);
    return result;
}

json_t *aws_xml_parse(const char *xml, size_t len, sdh_error *err)
{
    xml_parser x = {xml, xml, xml ? xml + len : NULL, 0, err, 0};
    if (!xml)
        return fail(&x, "no input");
    if (len > XML_MAX_INPUT)
        return fail(&x, "document larger than 8 MiB");
    if (starts(&x, "\xEF\xBB\xBF"))
        x.p += 3;
    if (!skip_misc(&x, 1))
        return NULL;
    if (x.p >= x.end || *x.p != '<' || starts(&x, "<!"))
        return fail(&x, "expected a root element");
    char name[XML_MAX_NAME + 1];
    json_t *value = parse_element(&x, 1, name);
    if (!value)
        return NULL;
    if (!skip_misc(&x, 1) || x.p != x.end) {
        json_decref(value);
        return fail(&x, "content after the root element");
    }
    json_t *doc = json_object();
    if (!doc || json_object_set_new(doc, name, value)) {
        json_decref(doc);
        return fail(&x, "out of memory or invalid root name");
    }
    return doc;
}
