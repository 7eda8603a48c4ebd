/* Secret strings (secret keys, session tokens): copied and wiped on release. */
#ifndef SDH_UTIL_SECRET_H
#define SDH_UTIL_SECRET_H

/* New copy of `s` (NULL -> NULL); release with sdh_secret_free. */
char *sdh_secret_dup(const char *s);

/* Overwrite with zeros (OPENSSL_cleanse) and free. NULL is accepted. */
void sdh_secret_free(char *s);

#endif
