/* AWS Signature Version 4: the string to sign, the signing-key derivation (with
 * its small cache) and the Authorization header / presigned query, on OpenSSL.
 * Canonicalisation lives in sigv4_canon.c. The payload hash is always
 * SHA-256(body) (the empty-string hash for no body); sign_body only adds the
 * x-amz-content-sha256 header. */
#include "aws/sigv4.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "aws/sigv4_canon.h"

#define CACHE_SLOTS 4
#define MAX_TEXT    (4u * 1024 * 1024) /* bound on canonical request and friends */
#define ALGORITHM   "AWS4-HMAC-SHA256"
#define MAX_SECRET  256

typedef struct cache_entry {
    int used;
    unsigned long stamp; /* last use, for least-recently-used eviction */
    char access_key_id[129];
    char date[9];
    char region[65];
    char service[65];
    unsigned char secret_digest[32]; /* SHA-256 of the secret: a rotated secret misses */
    unsigned char key[32];
} cache_entry;

struct aws_sigv4_cache {
    cache_entry slots[CACHE_SLOTS];
    unsigned long clock;
};

aws_sigv4_cache *aws_sigv4_cache_new(void)
{
    return calloc(1, sizeof(aws_sigv4_cache));
}

void aws_sigv4_cache_free(aws_sigv4_cache *cache)
{
    if (!cache)
        return;
    OPENSSL_cleanse(cache, sizeof(*cache));
    free(cache);
}

void aws_sigv4_result_clear(aws_sigv4_result *res)
{
    if (!res)
        return;
    free(res->canonical_request);
    free(res->string_to_sign);
    free(res->authorization);
    free(res->content_sha256);
    memset(res, 0, sizeof(*res));
}

static void to_hex(char *dst, const unsigned char *src, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        dst[2 * i] = hex[src[i] >> 4];
        dst[2 * i + 1] = hex[src[i] & 15];
    }
    dst[2 * n] = '\0';
}

static int sha256(const void *data, size_t len, unsigned char out[32])
{
    unsigned int n = 0;
    return EVP_Digest(data, len, out, &n, EVP_sha256(), NULL) == 1 && n == 32;
}

static int hmac(const unsigned char *key, size_t key_len, const char *data, size_t len,
                unsigned char out[32])
{
    unsigned int n = 0;
    return HMAC(EVP_sha256(), key, (int)key_len, (const unsigned char *)data, len, out, &n) &&
           n == 32;
}

/* kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request"). */
static int derive_key(const char *secret, const char *date, const char *region, const char *service,
                      unsigned char key[32])
{
    size_t slen = strlen(secret);
    if (slen > MAX_SECRET)
        return 0;
    unsigned char k0[4 + MAX_SECRET];
    memcpy(k0, "AWS4", 4);
    memcpy(k0 + 4, secret, slen);
    unsigned char a[32], b[32];
    int ok = hmac(k0, 4 + slen, date, strlen(date), a) && hmac(a, 32, region, strlen(region), b) &&
             hmac(b, 32, service, strlen(service), a) && hmac(a, 32, "aws4_request", 12, key);
    OPENSSL_cleanse(k0, sizeof(k0));
    OPENSSL_cleanse(a, sizeof(a));
    OPENSSL_cleanse(b, sizeof(b));
    return ok;
}

static int fits(const char *s, size_t cap)
{
    return strlen(s) < cap;
}

/* The signing key for the scope, from `cache` when possible. */
static int signing_key(aws_sigv4_cache *cache, const aws_sigv4_credentials *cr, const char *date,
                       const char *region, const char *service, unsigned char key[32])
{
    cache_entry *e = NULL;
    unsigned char digest[32];
    int cacheable = cache && fits(cr->access_key_id, sizeof(e->access_key_id)) &&
                    fits(region, sizeof(e->region)) && fits(service, sizeof(e->service)) &&
                    sha256(cr->secret_access_key, strlen(cr->secret_access_key), digest);
    if (!cacheable)
        return derive_key(cr->secret_access_key, date, region, service, key);

    cache_entry *victim = &cache->slots[0];
    for (size_t i = 0; i < CACHE_SLOTS; i++) {
        cache_entry *s = &cache->slots[i];
        if (s->used && strcmp(s->access_key_id, cr->access_key_id) == 0 &&
            strcmp(s->date, date) == 0 && strcmp(s->region, region) == 0 &&
            strcmp(s->service, service) == 0 &&
            CRYPTO_memcmp(s->secret_digest, digest, sizeof(digest)) == 0) {
            e = s;
            break;
        }
        if (!s->used || (victim->used && s->stamp < victim->stamp))
            victim = s;
    }
    if (!e) {
        OPENSSL_cleanse(victim, sizeof(*victim));
        if (!derive_key(cr->secret_access_key, date, region, service, victim->key)) {
            OPENSSL_cleanse(victim, sizeof(*victim));
            return 0;
        }
        snprintf(victim->access_key_id, sizeof(victim->access_key_id), "%s", cr->access_key_id);
        snprintf(victim->date, sizeof(victim->date), "%s", date);
        snprintf(victim->region, sizeof(victim->region), "%s", region);
        snprintf(victim->service, sizeof(victim->service), "%s", service);
        memcpy(victim->secret_digest, digest, sizeof(digest));
        victim->used = 1;
        e = victim;
    }
    e->stamp = ++cache->clock;
    memcpy(key, e->key, 32);
    OPENSSL_cleanse(digest, sizeof(digest));
    return 1;
}

/* Headers the signer sets itself; a caller's copy of them is not signed. */
static int is_reserved(const char *name, int token_signed, int sign_body)
{
    return strcasecmp(name, "x-amz-date") == 0 || strcasecmp(name, "authorization") == 0 ||
           (token_signed && strcasecmp(name, "x-amz-security-token") == 0) ||
           (sign_body && strcasecmp(name, "x-amz-content-sha256") == 0);
}

static int has_header(const aws_sigv4_request *req, const char *name)
{
    for (size_t i = 0; i < req->n_headers; i++)
        if (req->headers[i].name && strcasecmp(req->headers[i].name, name) == 0)
            return 1;
    return 0;
}

/* Signing modes. */
enum { MODE_HEADER, MODE_QUERY };

static sdh_status oom(sdh_error *err)
{
    return sdh_error_set(err, SDH_STATUS_INTERNAL, "InternalError", NULL,
                         "SigV4: out of memory or request too large to sign");
}

static sdh_status check_inputs(const aws_sigv4_request *req, const aws_sigv4_params *params,
                               sdh_error *err)
{
    if (!req || !params || !req->method || !params->region || !params->service ||
        (req->n_headers && !req->headers) || (req->body_len && !req->body))
        return sdh_error_set(err, SDH_STATUS_INTERNAL, "InternalError", NULL,
                             "SigV4: incomplete request or parameters");
    const aws_sigv4_credentials *cr = params->credentials;
    if (!cr || !cr->access_key_id || !cr->secret_access_key || !cr->access_key_id[0] ||
        !cr->secret_access_key[0])
        return sdh_error_set(err, SDH_STATUS_CONFIG_ERROR, "NoCredentials", NULL,
                             "SigV4: no access key id or secret access key");
    if (strlen(cr->secret_access_key) > MAX_SECRET)
        return sdh_error_set(err, SDH_STATUS_CONFIG_ERROR, "InvalidCredentials", NULL,
                             "SigV4: secret access key longer than %d bytes", MAX_SECRET);
    for (size_t i = 0; i < req->n_headers; i++)
        if (!req->headers[i].name || !req->headers[i].name[0])
            return sdh_error_set(err, SDH_STATUS_INTERNAL, "InternalError", NULL,
                                 "SigV4: header without a name");
    if (!has_header(req, "host"))
        return sdh_error_set(err, SDH_STATUS_INTERNAL, "InternalError", NULL,
                             "SigV4: the request has no Host header");
    return SDH_STATUS_OK;
}

static sdh_status sign(aws_sigv4_cache *cache, const aws_sigv4_request *req,
                       const aws_sigv4_params *params, int mode, unsigned expires,
                       aws_sigv4_result *out, sdh_error *err)
{
    sdh_buf scope, creq, names, sts, tmp;
    aws_sigv4_param qp[6];
    size_t n = 0, nq = 0;
    int ok;
    unsigned char digest[32], key[32];
    char date[9], payload_hash[65], creq_hash[65], expires_text[24];
    char *cred = NULL;
    aws_sigv4_header *hs = NULL;
    struct tm tm;

    memset(out, 0, sizeof(*out));
    sdh_status st = check_inputs(req, params, err);
    if (st != SDH_STATUS_OK)
        return st;
    const aws_sigv4_credentials *cr = params->credentials;
    const char *token = cr->session_token && cr->session_token[0] ? cr->session_token : NULL;
    int token_signed = token && !req->omit_session_token;
    int add_sha_header = mode == MODE_HEADER && req->sign_body;

    if (!gmtime_r(&params->when, &tm) || tm.tm_year + 1900 > 9999 || tm.tm_year + 1900 < 1000)
        return sdh_error_set(err, SDH_STATUS_INTERNAL, "InternalError", NULL,
                             "SigV4: signing time out of range");
    strftime(out->amz_date, sizeof(out->amz_date), "%Y%m%dT%H%M%SZ", &tm);
    memcpy(date, out->amz_date, 8);
    date[8] = '\0';

    if (!sha256(req->body ? (const void *)req->body : "", req->body_len, digest))
        return oom(err);
    to_hex(payload_hash, digest, 32);

    sdh_buf_init(&scope, MAX_TEXT);
    sdh_buf_init(&creq, MAX_TEXT);
    sdh_buf_init(&names, MAX_TEXT);
    sdh_buf_init(&sts, MAX_TEXT);
    sdh_buf_init(&tmp, MAX_TEXT);
    hs = malloc((req->n_headers + 3) * sizeof(*hs));
    st = SDH_STATUS_INTERNAL;
    if (!hs)
        goto out;

    for (size_t i = 0; i < req->n_headers; i++)
        if (mode == MODE_QUERY || !is_reserved(req->headers[i].name, token_signed, add_sha_header))
            hs[n++] = req->headers[i];
    if (mode == MODE_HEADER) {
        hs[n++] = (aws_sigv4_header){"x-amz-date", out->amz_date};
        if (token_signed)
            hs[n++] = (aws_sigv4_header){"x-amz-security-token", token};
        if (add_sha_header)
            hs[n++] = (aws_sigv4_header){"x-amz-content-sha256", payload_hash};
    }

    if (sdh_buf_printf(&scope, "%s/%s/%s/aws4_request", date, params->region, params->service))
        goto out;
    /* Signed header names first: query mode puts them into the query. */
    if (aws_sigv4_canon_headers(&tmp, &names, hs, n))
        goto out;

    snprintf(expires_text, sizeof(expires_text), "%u", expires);
    if (mode == MODE_QUERY) {
        size_t cred_len = strlen(cr->access_key_id) + 1 + scope.len + 1;
        if (!(cred = malloc(cred_len)))
            goto out;
        snprintf(cred, cred_len, "%s/%s", cr->access_key_id, sdh_buf_str(&scope));
        qp[nq++] = (aws_sigv4_param){"X-Amz-Algorithm", ALGORITHM};
        qp[nq++] = (aws_sigv4_param){"X-Amz-Credential", cred};
        qp[nq++] = (aws_sigv4_param){"X-Amz-Date", out->amz_date};
        qp[nq++] = (aws_sigv4_param){"X-Amz-Expires", expires_text};
        qp[nq++] = (aws_sigv4_param){"X-Amz-SignedHeaders", sdh_buf_str(&names)};
        if (token_signed)
            qp[nq++] = (aws_sigv4_param){"X-Amz-Security-Token", token};
    }

    if (sdh_buf_addstr(&creq, req->method) || sdh_buf_add(&creq, "\n", 1) ||
        aws_sigv4_canon_path(&creq, req->path, req->normalize_path) ||
        sdh_buf_add(&creq, "\n", 1) || aws_sigv4_canon_query(&creq, req->query, qp, nq) ||
        sdh_buf_add(&creq, "\n", 1) || sdh_buf_add(&creq, tmp.data, tmp.len) ||
        sdh_buf_add(&creq, "\n", 1) || sdh_buf_add(&creq, names.data, names.len) ||
        sdh_buf_add(&creq, "\n", 1) || sdh_buf_addstr(&creq, payload_hash))
        goto out;

    if (!sha256(creq.data, creq.len, digest))
        goto out;
    to_hex(creq_hash, digest, 32);
    if (sdh_buf_printf(&sts, ALGORITHM "\n%s\n%s\n%s", out->amz_date, sdh_buf_str(&scope),
                       creq_hash))
        goto out;

    if (!signing_key(cache, cr, date, params->region, params->service, key))
        goto out;
    ok = hmac(key, sizeof(key), sts.data, sts.len, digest);
    OPENSSL_cleanse(key, sizeof(key));
    if (!ok)
        goto out;
    to_hex(out->signature, digest, 32);

    sdh_buf_reset(&tmp);
    if (mode == MODE_HEADER) {
        if (sdh_buf_printf(&tmp, ALGORITHM " Credential=%s/%s, SignedHeaders=%s, Signature=%s",
                           cr->access_key_id, sdh_buf_str(&scope), sdh_buf_str(&names),
                           out->signature))
            goto out;
    } else {
        if (token && !token_signed)
            qp[nq++] = (aws_sigv4_param){"X-Amz-Security-Token", token};
        for (size_t i = 0; i < nq; i++) {
            if ((i && sdh_buf_add(&tmp, "&", 1)) || sdh_buf_addstr(&tmp, qp[i].name) ||
                sdh_buf_add(&tmp, "=", 1) ||
                aws_sigv4_uri_encode(&tmp, qp[i].value, strlen(qp[i].value), 0))
                goto out;
        }
        if (sdh_buf_printf(&tmp, "&X-Amz-Signature=%s", out->signature))
            goto out;
    }
    if (add_sha_header && !(out->content_sha256 = strdup(payload_hash)))
        goto out;
    out->authorization = sdh_buf_take(&tmp);
    out->canonical_request = sdh_buf_take(&creq);
    out->string_to_sign = sdh_buf_take(&sts);
    if (out->authorization && out->canonical_request && out->string_to_sign)
        st = SDH_STATUS_OK;

out:
    free(hs);
    free(cred);
    sdh_buf_free(&scope);
    sdh_buf_free(&creq);
    sdh_buf_free(&names);
    sdh_buf_free(&sts);
    sdh_buf_free(&tmp);
    if (st != SDH_STATUS_OK) {
        aws_sigv4_result_clear(out);
        return oom(err);
    }
    return SDH_STATUS_OK;
}

sdh_status aws_sigv4_sign(aws_sigv4_cache *cache, const aws_sigv4_request *req,
                          const aws_sigv4_params *params, aws_sigv4_result *out, sdh_error *err)
{
    return sign(cache, req, params, MODE_HEADER, 0, out, err);
}

sdh_status aws_sigv4_presign(aws_sigv4_cache *cache, const aws_sigv4_request *req,
                             const aws_sigv4_params *params, unsigned expires_seconds,
                             aws_sigv4_result *out, sdh_error *err)
{
    return sign(cache, req, params, MODE_QUERY, expires_seconds, out, err);
}
