/* Credentials provider: the selected profile of the shared files. Static
 * keys from the credentials file, then `credential_process`, then static keys
 * from the config file (botocore's order). Profiles that need assume-role
 * chaining or SSO are reported as unsupported rather than skipped. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "aws/creds_provider.h"
#include "util/buf.h"
#include "util/host.h"

extern char **environ;

#define PROCESS_MAX_STDOUT (64u * 1024u)
#define PROCESS_MAX_STDERR 1024u
#define PROCESS_TIMEOUT_MS 60000L

static sdh_status nomem(sdh_error *err)
{
    return sdh_error_oom(err);
}

/* Static keys from one file's section; `label` names the file in errors.
 * Returns OK with out filled, OK with nothing, or an error for half a pair. */
static sdh_status static_keys(const aws_ini *ini, const char *section, const char *profile,
                              aws_credentials *out, sdh_error *err)
{
    const char *key = aws_ini_get(ini, section, "aws_access_key_id");
    const char *secret = aws_ini_get(ini, section, "aws_secret_access_key");
    if ((!key || !key[0]) && (!secret || !secret[0]))
        return SDH_STATUS_OK;
    if (!key || !key[0] || !secret || !secret[0])
        return sdh_error_set(
            err, SDH_STATUS_CONFIG_ERROR, "PartialCredentials", NULL,
            "Partial credentials found in profile %.100s of %.300s: %s is set but %s is not",
            profile, aws_ini_name(ini),
            key && key[0] ? "aws_access_key_id" : "aws_secret_access_key",
            key && key[0] ? "aws_secret_access_key" : "aws_access_key_id");
    const char *token = aws_ini_get(ini, section, "aws_session_token");
    if (!token)
        token = aws_ini_get(ini, section, "aws_security_token");
    char source[48];
    snprintf(source, sizeof(source), "profile %s", profile);
    if (creds_set(out, key, secret, token, 0, source) != 0)
        return nomem(err);
    return SDH_STATUS_OK;
}

/* Read both pipes until EOF, timeout or cancel. Returns 0, 1 on timeout, 2 on
 * cancel, 3 when stdout passed its bound. */
static int collect(const creds_ctx *ctx, int fd_out, int fd_err, sdh_buf *out, sdh_buf *errb)
{
    long t0 = sdh_now_ms();
    struct pollfd fds[2] = {{fd_out, POLLIN, 0}, {fd_err, POLLIN, 0}};
    int open_fds = 2;
    while (open_fds > 0) {
        long left = PROCESS_TIMEOUT_MS - (sdh_now_ms() - t0);
        if (left <= 0)
            return 1;
        if (sdh_cancelled(ctx->host))
            return 2;
        int n = poll(fds, 2, left < 100 ? (int)left : 100);
        if (n < 0 && errno != EINTR)
            return 1;
        for (int i = 0; i < 2 && n > 0; i++) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            char chunk[4096];
            ssize_t got = read(fds[i].fd, chunk, sizeof(chunk));
            if (got < 0 && errno == EINTR)
                continue;
            if (got <= 0) {
                fds[i].fd = -1;
                open_fds--;
                continue;
            }
            if (i == 0 && sdh_buf_add(out, chunk, (size_t)got) != SDH_BUF_OK)
                return 3;
            if (i == 1 && errb->len < errb->max)
                sdh_buf_add(errb, chunk,
                            (size_t)got < errb->max - errb->len ? (size_t)got
                                                                : errb->max - errb->len);
        }
    }
    return 0;
}

/* Keep the first line of the process's stderr, printable characters only. */
static void first_line(const char *s, char *dst, size_t cap)
{
    size_t o = 0;
    for (; *s && *s != '\n' && o + 1 < cap; s++)
        dst[o++] = (*s >= ' ' && *s < 0x7f) ? *s : '?';
    dst[o] = '\0';
}

/* Run `command` with /bin/sh -c, capturing stdout (bounded) and stderr. */
static sdh_status run_process(const creds_ctx *ctx, const char *profile, const char *command,
                              sdh_buf *out, sdh_error *err)
{
    int po[2] = {-1, -1}, pe[2] = {-1, -1};
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t attr;
    sdh_buf errb;
    sdh_buf_init(&errb, PROCESS_MAX_STDERR);
    if (pipe(po) != 0 || pipe(pe) != 0) {
        int e = errno;
        for (int i = 0; i < 2; i++) {
            if (po[i] >= 0)
                close(po[i]);
            if (pe[i] >= 0)
                close(pe[i]);
        }
        return sdh_error_set(err, SDH_STATUS_INTERNAL, "ProcessFailed", NULL,
                             "credential_process of profile %.100s: pipe: %s", profile,
                             strerror(e));
    }
    for (int i = 0; i < 2; i++) {
        fcntl(po[i], F_SETFD, FD_CLOEXEC);
        fcntl(pe[i], F_SETFD, FD_CLOEXEC);
    }
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, po[1], 1);
    posix_spawn_file_actions_adddup2(&fa, pe[1], 2);
    posix_spawnattr_init(&attr);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attr, 0);
    char *argv[] = {"sh", "-c", (char *)command, NULL};
    pid_t pid = -1;
    int rc = posix_spawn(&pid, "/bin/sh", &fa, &attr, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    close(po[1]);
    close(pe[1]);
    sdh_status status = SDH_STATUS_OK;
    if (rc != 0) {
        status = sdh_error_set(err, SDH_STATUS_CONFIG_ERROR, "CredentialProcessFailed", NULL,
                               "credential_process of profile %.100s could not start: %s", profile,
                               strerror(rc));
        goto out;
    }
    int got = collect(ctx, po[0], pe[0], out, &errb);
    if (got != 0)
        kill(-pid, SIGKILL);
    int wstatus = 0;
    while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR)
        ;
    char line[300];
    first_line(sdh_buf_str(&errb), line, sizeof(line));
    if (got == 1)
        status = sdh_error_set(err, SDH_STATUS_CONFIG_ERROR, "CredentialProcessFailed", NULL,
                               "credential_process of profile %.100s did not finish within %ld s",
                               profile, PROCESS_TIMEOUT_MS / 1000);
    else if (got == 2)
        status = sdh_error_set(err, SDH_STATUS_CANCELLED, "Cancelled", NULL,
                               "cancelled while credential_process of profile %.100s ran", profile);
    else if (got == 3)
        status = sdh_error_set(err, SDH_STATUS_CONFIG_ERROR, "CredentialProcessFailed", NULL,
                               "credential_process of profile %.100s wrote more than %u bytes",
                               profile, PROCESS_MAX_STDOUT);
    else if (!WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0)
        status = sdh_error_set(err, SDH_STATUS_CONFIG_ERROR, "CredentialProcessFailed", NULL,
                               "credential_process of profile %.100s %s %d%s%s", profile,
                               WIFEXITED(wstatus) ? "exited with status" : "was killed by signal",
                               WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : WTERMSIG(wstatus),
                               line[0] ? ": " : "", line);
out:
    close(po[0]);
    close(pe[0]);
    sdh_buf_free(&errb);
    return status;
}

static sdh_status from_process(const creds_ctx *ctx, const char *profile, const char *command,
                               aws_credentials *out, sdh_error *err)
{
    sdh_buf stdout_buf;
    sdh_buf_init(&stdout_buf, PROCESS_MAX_STDOUT);
    sdh_status r = run_process(ctx, profile, command, &stdout_buf, err);
    if (r != SDH_STATUS_OK) {
        sdh_buf_free(&stdout_buf);
        return r;
    }
    json_error_t jerr;
    json_t *doc = json_loadb(stdout_buf.data ? stdout_buf.data : "", stdout_buf.len, 0, &jerr);
    sdh_buf_free(&stdout_buf); /* wipes the output, which holds secrets */
    char what[160];
    snprintf(what, sizeof(what), "credential_process of profile %.100s", profile);
    /* Only the position: Jansson's text quotes the output near the error,
     * which may be a secret. */
    if (!doc)
        return sdh_error_set(err, SDH_STATUS_CONFIG_ERROR, "CredentialProcessFailed", NULL,
                             "%s: output is not JSON (line %d, column %d)", what, jerr.line,
                             jerr.column);
    json_t *version = json_object_get(doc, "Version");
    if (!json_is_integer(version) || json_integer_value(version) != 1) {
        creds_json_release(doc);
        return sdh_error_set(err, SDH_STATUS_CONFIG_ERROR, "CredentialProcessFailed", "Version",
                             "%s: Version must be 1", what);
    }
    char source[48];
    snprintf(source, sizeof(source), "process %s", profile);
    r = creds_from_json(doc, "SessionToken", source, what, out, err);
    creds_json_release(doc);
    return r;
}

/* Botocore's order puts assume-role (role_arn + source_profile or
 * credential_source) and SSO before the profile's static keys. */
static sdh_status unsupported(const aws_settings *s, sdh_error *err)
{
    const char *role = aws_settings_profile_value(s, "role_arn");
    const char *source = aws_settings_profile_value(s, "source_profile");
    const char *csource = aws_settings_profile_value(s, "credential_source");
    if (role && (source || csource))
        return sdh_error_set(err, SDH_STATUS_CONFIG_ERROR, "UnsupportedCredentialSource", NULL,
                             "profile %.100s assumes role %.200s with %s; assume-role profiles "
                             "are not supported: use credentials of the role directly (static "
                             "keys, credential_process or web identity)",
                             s->profile, role, source ? "source_profile" : "credential_source");
    static const char *const sso_keys[] = {"sso_session", "sso_start_url", "sso_account_id",
                                           "sso_role_name"};
    for (size_t i = 0; i < sizeof(sso_keys) / sizeof(sso_keys[0]); i++) {
        if (aws_settings_profile_value(s, sso_keys[i]))
            return sdh_error_set(err, SDH_STATUS_CONFIG_ERROR, "UnsupportedCredentialSource", NULL,
                                 "profile %.100s uses IAM Identity Center (%s); SSO credentials "
                                 "are not supported: use credential_process, e.g. with "
                                 "`aws configure export-credentials --format process`",
                                 s->profile, sso_keys[i]);
    }
    return SDH_STATUS_OK;
}

static sdh_status profile_resolve(const creds_ctx *ctx, aws_credentials *out, char *why,
                                  size_t why_len, sdh_error *err)
{
    const aws_settings *s = ctx->settings;
    if (!aws_settings_profile_exists(s)) {
        snprintf(why, why_len, "profile %s: not found in %s or %s", s->profile, s->config_file,
                 s->credentials_file);
        return SDH_STATUS_OK;
    }
    sdh_status r = unsupported(s, err);
    if (r == SDH_STATUS_OK)
        r = static_keys(s->credentials, s->profile, s->profile, out, err);
    if (r != SDH_STATUS_OK || out->access_key_id)
        return r;
    const char *process = aws_settings_profile_value(s, "credential_process");
    if (process && process[0]) {
        sdh_log(ctx->host, SDH_LOG_DEBUG, "running credential_process of profile %s", s->profile);
        return from_process(ctx, s->profile, process, out, err);
    }
    char buf[300];
    r = static_keys(s->config, aws_settings_config_section(s, buf, sizeof(buf)), s->profile, out,
                    err);
    if (r != SDH_STATUS_OK || out->access_key_id)
        return r;
    snprintf(why, why_len, "profile %s: no aws_access_key_id or credential_process", s->profile);
    return SDH_STATUS_OK;
}

const creds_provider creds_profile_provider = {"profile", profile_resolve};
