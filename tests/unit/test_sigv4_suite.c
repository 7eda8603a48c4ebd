/* Runs the official SigV4 test suite (aws-c-auth tests/aws-signing-test-suite/v4,
 * grammar in its FORMAT.md) found in $SDH_SIGV4_SUITE: for every case folder the
 * header-mode canonical request, string to sign, signature and Authorization
 * value, and the query-mode (presign) canonical request, string to sign and
 * signature must match byte for byte. */
#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/sigv4.h"
#include "tap.h"

#define MAX_HEADERS 32

/* New NUL-terminated contents of dir/case/name, or NULL; *len gets the size. */
static char *slurp(const char *dir, const char *c, const char *name, size_t *len)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s/%s", dir, c, name);
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (cap - n - 1 == 0) {
            char *p = realloc(buf, cap * 2);
            if (!p) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = p;
            cap *= 2;
        }
    }
    fclose(f);
    if (buf)
        buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

/* Days since 1970-01-01 of a civil date (H. Hinnant's algorithm). */
static long days_from_civil(long y, unsigned m, unsigned d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? (unsigned)-3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long)doe - 719468;
}

static int parse_time(const char *s, time_t *out)
{
    int y, mo, d, h, mi, se;
    if (sscanf(s, "%d-%d-%dT%d:%d:%dZ", &y, &mo, &d, &h, &mi, &se) != 6)
        return 0;
    *out = (time_t)(days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400L + h * 3600L + mi * 60L +
                    se);
    return 1;
}

typedef struct parsed_request {
    char *text; /* owned copy, cut in place */
    char *method, *path, *query;
    aws_sigv4_header headers[MAX_HEADERS];
    size_t n_headers;
    const unsigned char *body;
    size_t body_len;
} parsed_request;

/* Parse request.txt as FORMAT.md describes. Returns 0 on a format error. */
static int parse_request(char *text, size_t len, parsed_request *r)
{
    memset(r, 0, sizeof(*r));
    r->text = text;
    char *end = text + len;
    char *eol = strchr(text, '\n');
    if (!eol)
        return 0;
    *eol = '\0';
    char *sp = strchr(text, ' ');
    size_t line_len = (size_t)(eol - text);
    if (!sp || line_len < 9 || strcmp(eol - 9, " HTTP/1.1") != 0)
        return 0;
    *sp = '\0';
    eol[-9] = '\0';
    r->method = text;
    r->path = sp + 1;
    char *q = strchr(r->path, '?');
    if (q) {
        *q = '\0';
        r->query = q + 1;
    }
    char *p = eol + 1;
    while (p < end) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *line_end = nl ? nl : end;
        if (line_end == p) { /* blank line: the body follows */
            p = nl ? nl + 1 : end;
            break;
        }
        if (*p == ' ' || *p == '\t') {
            /* obs-fold: the previous value extends over this line, '\n' included */
            if (r->n_headers == 0)
                return 0;
            p[-1] = '\n';
        } else {
            char *colon = memchr(p, ':', (size_t)(line_end - p));
            if (!colon || r->n_headers == MAX_HEADERS)
                return 0;
            *colon = '\0';
            r->headers[r->n_headers].name = p;
            r->headers[r->n_headers].value = colon + 1;
            r->n_headers++;
        }
        if (nl)
            *nl = '\0';
        p = nl ? nl + 1 : end;
    }
    r->body = (const unsigned char *)p;
    r->body_len = (size_t)(end - p);
    return 1;
}

/* Compare `got` with the file `name` of the case. */
static void check_file(const char *dir, const char *c, const char *name, const char *got)
{
    char what[512];
    snprintf(what, sizeof(what), "%s: %s", c, name);
    char *want = slurp(dir, c, name, NULL);
    CHECK_STR_EQ(got, want, what);
    free(want);
}

/* The Authorization value in header-signed-request.txt (new string or NULL). */
static char *signed_authorization(const char *dir, const char *c)
{
    char *text = slurp(dir, c, "header-signed-request.txt", NULL);
    char *res = NULL;
    char *a = text ? strstr(text, "\nAuthorization:") : NULL;
    if (a) {
        a += strlen("\nAuthorization:");
        size_t n = strcspn(a, "\n");
        res = strndup(a, n);
    }
    free(text);
    return res;
}

static void run_case(const char *dir, const char *c, aws_sigv4_cache *cache)
{
    char what[512];
    json_error_t jerr;
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s/context.json", dir, c);
    json_t *ctx = json_load_file(path, 0, &jerr);
    size_t len = 0;
    char *text = slurp(dir, c, "request.txt", &len);
    parsed_request r;
    snprintf(what, sizeof(what), "%s: context.json and request.txt read", c);
    int ok = ctx && text && parse_request(text, len, &r);
    CHECK(ok, what);
    if (!ok) {
        json_decref(ctx);
        free(text);
        return;
    }
    const char *token =
        json_string_value(json_object_get(json_object_get(ctx, "credentials"), "token"));
    aws_sigv4_credentials cr = {
        json_string_value(json_object_get(json_object_get(ctx, "credentials"), "access_key_id")),
        json_string_value(
            json_object_get(json_object_get(ctx, "credentials"), "secret_access_key")),
        token};
    aws_sigv4_params params = {json_string_value(json_object_get(ctx, "region")),
                               json_string_value(json_object_get(ctx, "service")), 0, &cr};
    parse_time(json_string_value(json_object_get(ctx, "timestamp")), &params.when);
    aws_sigv4_request req = {r.method,
                             r.path,
                             r.query,
                             r.headers,
                             r.n_headers,
                             r.body,
                             r.body_len,
                             json_is_true(json_object_get(ctx, "normalize")),
                             json_is_true(json_object_get(ctx, "sign_body")),
                             json_is_true(json_object_get(ctx, "omit_session_token"))};

    aws_sigv4_result res;
    sdh_error err;
    sdh_error_clear(&err);
    sdh_status st = aws_sigv4_sign(cache, &req, &params, &res, &err);
    snprintf(what, sizeof(what), "%s: header signing succeeds", c);
    CHECK_INT_EQ(st, SDH_STATUS_OK, what);
    if (st == SDH_STATUS_OK) {
        check_file(dir, c, "header-canonical-request.txt", res.canonical_request);
        check_file(dir, c, "header-string-to-sign.txt", res.string_to_sign);
        check_file(dir, c, "header-signature.txt", res.signature);
        char *authz = signed_authorization(dir, c);
        snprintf(what, sizeof(what), "%s: Authorization as in header-signed-request.txt", c);
        CHECK_STR_EQ(res.authorization, authz, what);
        free(authz);
        snprintf(what, sizeof(what), "%s: content sha256 only when sign_body", c);
        CHECK((res.content_sha256 != NULL) == req.sign_body, what);
    }
    aws_sigv4_result_clear(&res);

    json_int_t expires = json_integer_value(json_object_get(ctx, "expiration_in_seconds"));
    st = aws_sigv4_presign(cache, &req, &params, (unsigned)expires, &res, &err);
    snprintf(what, sizeof(what), "%s: query signing succeeds", c);
    CHECK_INT_EQ(st, SDH_STATUS_OK, what);
    if (st == SDH_STATUS_OK) {
        check_file(dir, c, "query-canonical-request.txt", res.canonical_request);
        check_file(dir, c, "query-string-to-sign.txt", res.string_to_sign);
        check_file(dir, c, "query-signature.txt", res.signature);
        /* Every parameter we append appears in the sample presigned request line. */
        char *sample = slurp(dir, c, "query-signed-request.txt", NULL);
        int all = sample != NULL;
        char *params_copy = strdup(res.authorization);
        for (char *save = NULL, *tok = strtok_r(params_copy, "&", &save); all && tok;
             tok = strtok_r(NULL, "&", &save))
            all = strstr(sample, tok) != NULL;
        snprintf(what, sizeof(what), "%s: presigned parameters as in query-signed-request.txt", c);
        CHECK(all, what);
        free(params_copy);
        free(sample);
    }
    aws_sigv4_result_clear(&res);
    json_decref(ctx);
    free(text);
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void)
{
    const char *dir = getenv("SDH_SIGV4_SUITE");
    if (!dir || !dir[0])
        return tap_skip_all("SDH_SIGV4_SUITE is not set");
    DIR *d = opendir(dir);
    if (!d) {
        CHECK(0, "SDH_SIGV4_SUITE is a readable directory");
        return tap_done();
    }
    char *names[256];
    size_t n = 0;
    struct dirent *de;
    while ((de = readdir(d)) && n < 256) {
        char path[4096];
        snprintf(path, sizeof(path), "%s/%s/context.json", dir, de->d_name);
        FILE *f = fopen(path, "r");
        if (f) {
            fclose(f);
            names[n++] = strdup(de->d_name);
        }
    }
    closedir(d);
    qsort(names, n, sizeof(*names), name_cmp);
    CHECK_INT_EQ(n, 38, "38 case folders");

    aws_sigv4_cache *cache = aws_sigv4_cache_new();
    for (size_t i = 0; i < n; i++) {
        run_case(dir, names[i], (i % 2) ? cache : NULL); /* with and without the cache */
        free(names[i]);
    }
    aws_sigv4_cache_free(cache);
    return tap_done();
}
