/* Secret strings: copies that are wiped before they are freed. */
#include "util/secret.h"

#include <openssl/crypto.h>
#include <stdlib.h>
#include <string.h>

char *sdh_secret_dup(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s);
    char *p = malloc(n + 1);
    if (p)
        memcpy(p, s, n + 1);
    return p;
}

void sdh_secret_free(char *s)
{
    if (!s)
        return;
    OPENSSL_cleanse(s, strlen(s));
    free(s);
}
