/* Command-line parsing: global options, the command table, strict flag
 * values (integers parsed whole and range-checked, no unknown or repeated
 * flags, no missing values) and the request JSON of the friendly commands. */
#include "args.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exitcodes.h"
#include "help.h"

typedef enum flag_kind {
    F_STRING, /* --flag VALUE -> "key":"VALUE" */
    F_INT,    /* --flag N -> "key":N, lo <= N <= hi */
    F_SWITCH, /* --flag -> "key":true */
    F_ONOFF   /* --flag on|off -> "key":true|false */
} flag_kind;

typedef struct flag_spec {
    const char *flag;
    const char *key;
    flag_kind kind;
    long lo, hi;
} flag_spec;

#define COUNT_MAX 2147483647L

static const flag_spec enable_flags[] = {
    {"--endpoint", "endpoint", F_STRING, 0, 0},
    {"--variant", "variant", F_STRING, 0, 0},
    {"--min", "min", F_INT, 0, COUNT_MAX},
    {"--max", "max", F_INT, 0, COUNT_MAX},
    {"--policy", "policy", F_STRING, 0, 0},
    {"--dry-run", "dry_run", F_SWITCH, 0, 0},
    {NULL, NULL, F_STRING, 0, 0},
};
static const flag_spec disable_flags[] = {
    {"--endpoint", "endpoint", F_STRING, 0, 0},
    {"--variant", "variant", F_STRING, 0, 0},
    {"--restore-capacity", "restore_capacity", F_INT, 0, COUNT_MAX},
    {"--dry-run", "dry_run", F_SWITCH, 0, 0},
    {NULL, NULL, F_STRING, 0, 0},
};
static const flag_spec status_flags[] = {
    {"--endpoint", "endpoint", F_STRING, 0, 0},
    {"--variant", "variant", F_STRING, 0, 0},
    {"--policy", "policy", F_STRING, 0, 0},
    {NULL, NULL, F_STRING, 0, 0},
};
static const flag_spec deployed_flags[] = {
    {"--endpoint", "endpoint", F_STRING, 0, 0},
    {"--autoscaling", "autoscaling", F_ONOFF, 0, 0},
    {"--min", "min", F_INT, 0, COUNT_MAX},
    {"--max", "max", F_INT, 0, COUNT_MAX},
    {"--policy", "policy", F_STRING, 0, 0},
    {"--wait-timeout", "wait_timeout_s", F_INT, 0, 604800},
    {NULL, NULL, F_STRING, 0, 0},
};

typedef struct command_spec {
    const char *name;
    const flag_spec *flags; /* NULL: not a friendly command */
    int max_positional;
} command_spec;

static const command_spec commands[] = {
    {"info", NULL, 0},
    {"call", NULL, 1},
    {"serve", NULL, 0},
    {"enable", enable_flags, 0},
    {"disable", disable_flags, 0},
    {"status", status_flags, 0},
    {"deployed", deployed_flags, 0},
    {NULL, NULL, 0},
};

static int usage_error(const char *fmt, const char *a, const char *b)
{
    fputs("sdhost-shim: ", stderr);
    fprintf(stderr, fmt, a, b);
    fputs(" (try --help)\n", stderr);
    return SHIM_EXIT_USAGE;
}

/* Split "--flag=value" into name (copied to name[cap]) and *value. */
static void split_flag(const char *arg, char *name, size_t cap, const char **value)
{
    const char *eq = strchr(arg, '=');
    if (arg[0] == '-' && arg[1] == '-' && eq) {
        snprintf(name, cap, "%.*s", (int)(eq - arg), arg);
        *value = eq + 1;
    } else {
        snprintf(name, cap, "%s", arg);
        *value = NULL;
    }
}

/* The value of a flag that needs one: inline ("--x=v") or the next word.
 * Words that look like flags are not taken as values. */
static const char *take_value(int argc, char **argv, int *i, const char *inline_value)
{
    if (inline_value)
        return inline_value;
    if (*i + 1 >= argc)
        return NULL;
    const char *v = argv[*i + 1];
    if (v[0] == '-' && v[1] == '-')
        return NULL;
    ++*i;
    return v;
}

/* Parse a whole decimal integer in [lo, hi] into *out; -1 with a reason. */
static int parse_long(const char *flag, const char *text, long lo, long hi, long *out)
{
    char *end = NULL;
    const char *p = text[0] == '-' ? text + 1 : text;
    if (*p < '0' || *p > '9') {
        usage_error("%s: \"%s\" is not an integer", flag, text);
        return -1;
    }
    errno = 0;
    long v = strtol(text, &end, 10);
    if (*end != '\0') {
        usage_error("%s: \"%s\" is not an integer", flag, text);
        return -1;
    }
    if (errno == ERANGE || v < lo || v > hi) {
        char range[64];
        snprintf(range, sizeof(range), "[%ld, %ld]", lo, hi);
        fprintf(stderr, "sdhost-shim: %s: %s is out of range %s (try --help)\n", flag, text, range);
        return -1;
    }
    *out = v;
    return 0;
}

/* A global option at argv[*i]: 1 when consumed, 0 when not a global option,
 * -1 when the process should exit with *exit_code (2 after printing a usage
 * error, 0 after printing help or the version). One function, so the global
 * options work before and after the command word. */
static int global_option(int argc, char **argv, int *i, shim_opts *o, int *exit_code)
{
    char name[64];
    const char *inline_value;
    split_flag(argv[*i], name, sizeof(name), &inline_value);
    const char **slot = NULL;
    if (strcmp(name, "--plugin") == 0)
        slot = &o->plugin;
    else if (strcmp(name, "--manifest") == 0)
        slot = &o->manifest;
    else if (strcmp(name, "--config") == 0)
        slot = &o->config;
    else if (strcmp(name, "--region") == 0)
        slot = &o->region;
    else if (strcmp(name, "--profile") == 0)
        slot = &o->profile;
    if (slot) {
        const char *v = take_value(argc, argv, i, inline_value);
        if (!v || !v[0]) {
            *exit_code = usage_error("%s needs a value%s", name, "");
            return -1;
        }
        if (*slot) {
            *exit_code = usage_error("%s is given twice%s", name, "");
            return -1;
        }
        *slot = v;
        return 1;
    }
    if (strcmp(name, "--output") == 0) {
        const char *v = take_value(argc, argv, i, inline_value);
        if (!v || (strcmp(v, "json") != 0 && strcmp(v, "text") != 0)) {
            *exit_code = usage_error("--output needs json or text%s%s", "", "");
            return -1;
        }
        o->text_output = strcmp(v, "text") == 0;
        return 1;
    }
    int is_switch = strcmp(name, "-v") == 0 || strcmp(name, "--verbose") == 0 ||
                    strcmp(name, "-q") == 0 || strcmp(name, "--quiet") == 0 ||
                    strcmp(name, "-h") == 0 || strcmp(name, "--help") == 0 ||
                    strcmp(name, "--version") == 0;
    if (!is_switch)
        return 0;
    if (inline_value) {
        *exit_code = usage_error("%s takes no value%s", name, "");
        return -1;
    }
    if (strcmp(name, "-v") == 0 || strcmp(name, "--verbose") == 0)
        o->verbosity = SHIM_VERBOSE;
    else if (strcmp(name, "-q") == 0 || strcmp(name, "--quiet") == 0)
        o->verbosity = SHIM_QUIET;
    else if (strcmp(name, "-h") == 0 || strcmp(name, "--help") == 0)
        *exit_code = help_print(o->command);
    else
        *exit_code = help_version();
    return *exit_code == ARGS_RUN ? 1 : -1;
}

/* One friendly-command flag into o->request; 0, or -1 after printing. */
static int command_flag(const flag_spec *spec, int argc, char **argv, int *i, const char *name,
                        const char *inline_value, json_t *req)
{
    if (json_object_get(req, spec->key)) {
        usage_error("%s is given twice%s", name, "");
        return -1;
    }
    if (spec->kind == F_SWITCH) {
        if (inline_value) {
            usage_error("%s takes no value%s", name, "");
            return -1;
        }
        return json_object_set_new(req, spec->key, json_true());
    }
    const char *v = take_value(argc, argv, i, inline_value);
    if (!v || !v[0]) {
        usage_error("%s needs a value%s", name, "");
        return -1;
    }
    json_t *value = NULL;
    if (spec->kind == F_STRING) {
        value = json_string(v);
        if (!value) {
            usage_error("%s: the value is not valid UTF-8%s", name, "");
            return -1;
        }
    } else if (spec->kind == F_ONOFF) {
        if (strcmp(v, "on") != 0 && strcmp(v, "off") != 0) {
            usage_error("%s needs on or off, not \"%s\"", name, v);
            return -1;
        }
        value = json_boolean(strcmp(v, "on") == 0);
    } else {
        long n;
        if (parse_long(name, v, spec->lo, spec->hi, &n) != 0)
            return -1;
        value = json_integer(n);
    }
    return json_object_set_new(req, spec->key, value);
}

static const command_spec *find_command(const char *name)
{
    for (const command_spec *c = commands; c->name; c++)
        if (strcmp(c->name, name) == 0)
            return c;
    return NULL;
}

int args_parse(int argc, char **argv, shim_opts *o)
{
    const command_spec *cmd = NULL;
    int positional = 0;
    memset(o, 0, sizeof(*o));
    o->verbosity = SHIM_NORMAL;
    for (int i = 1; i < argc; i++) {
        int exit_code = ARGS_RUN;
        int g = global_option(argc, argv, &i, o, &exit_code);
        if (g < 0)
            return exit_code;
        if (g > 0)
            continue;
        const char *arg = argv[i];
        if (!cmd) {
            if (arg[0] == '-')
                return usage_error("unknown option %s%s", arg, "");
            cmd = find_command(arg);
            if (!cmd)
                return usage_error("unknown command \"%s\"%s", arg, "");
            o->command = cmd->name;
            if (cmd->flags) {
                o->request = json_pack("{s:s}", "op", cmd->name);
                if (!o->request)
                    return SHIM_EXIT_INTERNAL;
            }
            continue;
        }
        if (cmd->flags && arg[0] == '-') {
            char name[64];
            const char *inline_value;
            split_flag(arg, name, sizeof(name), &inline_value);
            const flag_spec *spec = cmd->flags;
            while (spec->flag && strcmp(spec->flag, name) != 0)
                spec++;
            if (!spec->flag)
                return usage_error("%s: unknown flag %s", cmd->name, name);
            if (command_flag(spec, argc, argv, &i, name, inline_value, o->request) != 0)
                return SHIM_EXIT_USAGE;
            continue;
        }
        if (arg[0] == '-' && arg[1] != '\0')
            return usage_error("%s: unknown flag %s", cmd->name, arg);
        if (positional >= cmd->max_positional)
            return usage_error("%s: unexpected argument \"%s\"", cmd->name, arg);
        positional++;
        o->input = arg;
    }
    if (!cmd)
        return usage_error("no command given%s%s", "", "");
    if (cmd->flags && !json_object_get(o->request, "endpoint"))
        return usage_error("%s: --endpoint is required%s", cmd->name, "");
    if (!o->plugin && !o->manifest)
        return usage_error("give --plugin PATH or --manifest PATH%s%s", "", "");
    if (o->plugin && o->manifest)
        return usage_error("give either --plugin or --manifest, not both%s%s", "", "");
    if (o->request) {
        if (o->region && json_object_set_new(o->request, "region", json_string(o->region)) != 0)
            return usage_error("--region: the value is not valid UTF-8%s%s", "", "");
        if (o->profile && json_object_set_new(o->request, "profile", json_string(o->profile)) != 0)
            return usage_error("--profile: the value is not valid UTF-8%s%s", "", "");
    }
    return ARGS_RUN;
}

void args_free(shim_opts *o)
{
    json_decref(o->request);
    o->request = NULL;
}
