/* The help texts. Exit codes are documented once and shown with every help. */
#include "help.h"

#include <stdio.h>
#include <string.h>

#ifndef SHIM_VERSION
#define SHIM_VERSION "unknown"
#endif

static const char global_help[] =
    "usage: sdhost-shim (--plugin PATH.so | --manifest PATH.json) [options] COMMAND [ARGS]\n"
    "\n"
    "Loads an sdhost plugin (ABI 1) and sends it requests.\n"
    "\n"
    "Options (accepted before or after COMMAND):\n"
    "  --plugin PATH        the plugin library; it and its directory must not be\n"
    "                       writable by group or others\n"
    "  --manifest PATH      a plugin manifest; \"library\" is relative to its directory\n"
    "                       and the library must match its \"sha256\"\n"
    "  --config JSON|@FILE  host configuration: a JSON object of string (or number)\n"
    "                       values, e.g. {\"region\":\"eu-west-1\",\"profile\":\"p\",\n"
    "                       \"endpoint_url\":\"http://127.0.0.1:5000\",\"policy_dir\":\"dir\"}\n"
    "  --region R           sets config \"region\"; friendly commands also send it\n"
    "  --profile P          sets config \"profile\"; friendly commands also send it\n"
    "  --output json|text   JSON replies (default) or a short human summary\n"
    "                       (serve always writes JSON Lines)\n"
    "  -v, --verbose        show debug log lines\n"
    "  -q, --quiet          show only errors (no progress)\n"
    "  -h, --help           this help; COMMAND --help for a command's help\n"
    "  --version            the shim's version\n"
    "\n"
    "Commands:\n"
    "  info                 the plugin's {\"op\":\"info\"} reply\n"
    "  call [FILE|-]        send one request JSON (max 1 MiB) from FILE or stdin\n"
    "  serve                JSON Lines: one request per stdin line, one reply per line\n"
    "  enable               attach autoscaling to an endpoint\n"
    "  disable              remove autoscaling from an endpoint\n"
    "  status               show an endpoint's autoscaling state and drift\n"
    "  deployed             react to a (re)deployed endpoint\n";

static const char exit_help[] =
    "\n"
    "Exit codes:\n"
    "  0    ok\n"
    "  1    AWS answered with an error or could not be reached\n"
    "  2    invalid input: flags, request JSON or --config\n"
    "  3    the plugin could not be loaded (not a plugin, wrong ABI, untrusted file,\n"
    "       manifest invalid or digest mismatch)\n"
    "  4    credentials or configuration missing or invalid, or credentials\n"
    "       refused by AWS (unknown key, wrong secret, expired token)\n"
    "  5    partly applied: some changes were made, later ones failed; re-run\n"
    "  70   internal error (out of memory, a bug, an unusable plugin reply)\n"
    "  130  cancelled with Ctrl-C (a second Ctrl-C quits at once)\n";

static const struct {
    const char *name;
    const char *text;
} command_help[] = {
    {"info", "usage: sdhost-shim [options] info\n"
             "\n"
             "Prints the plugin's reply to {\"op\":\"info\"}: name, version, ABI, operations.\n"},
    {"call", "usage: sdhost-shim [options] call [FILE|-]\n"
             "\n"
             "Sends one request (a JSON object, at most 1 MiB, UTF-8) read from FILE or\n"
             "stdin and prints the reply. The exit code follows the reply's status.\n"},
    {"serve", "usage: sdhost-shim [options] serve\n"
              "\n"
              "JSON Lines: reads one request per line from stdin and writes one reply per\n"
              "line to stdout, in order, until end of input. Empty, malformed, non-UTF-8\n"
              "and over-long (> 1 MiB) lines are answered with an error line and the loop\n"
              "goes on. Exits 0 at end of input, 130 on Ctrl-C.\n"},
    {"enable", "usage: sdhost-shim [options] enable --endpoint E [--variant V] [--min N]\n"
               "                   [--max N] [--policy NAME|FILE] [--dry-run]\n"
               "\n"
               "Sends {\"op\":\"enable\",\"endpoint\":E,...} with only the flags given.\n"
               "  --endpoint E        the SageMaker endpoint (required)\n"
               "  --variant V         the production variant (default: the plugin's)\n"
               "  --min N, --max N    instance count bounds, integers >= 0\n"
               "  --policy NAME|FILE  a policy name or policy manifest file, passed as given\n"
               "  --dry-run           plan only: report would_create/would_update\n"},
    {"disable", "usage: sdhost-shim [options] disable --endpoint E [--variant V]\n"
                "                   [--restore-capacity N] [--dry-run]\n"
                "\n"
                "Sends {\"op\":\"disable\",...} with only the flags given.\n"
                "  --endpoint E            the SageMaker endpoint (required)\n"
                "  --variant V             the production variant\n"
                "  --restore-capacity N    instance count to set after removal, integer >= 0\n"
                "  --dry-run               plan only\n"},
    {"status", "usage: sdhost-shim [options] status --endpoint E [--variant V]\n"
               "                   [--policy NAME|FILE]\n"
               "\n"
               "Sends {\"op\":\"status\",...}: the endpoint, scalable target, scaling\n"
               "policies, alarm, and any drift from the wanted policy.\n"
               "  --endpoint E        the SageMaker endpoint (required)\n"
               "  --variant V         the production variant\n"
               "  --policy NAME|FILE  the policy to compare against\n"},
    {"deployed", "usage: sdhost-shim [options] deployed --endpoint E [--autoscaling on|off]\n"
                 "                   [--min N] [--max N] [--policy NAME|FILE]\n"
                 "                   [--wait-timeout SECONDS]\n"
                 "\n"
                 "Sends {\"op\":\"deployed\",...}: after a (re)deployment, waits for the\n"
                 "endpoint to be InService and attaches autoscaling (nothing with off).\n"
                 "  --endpoint E             the SageMaker endpoint (required)\n"
                 "  --autoscaling on|off     on (default): wait, then enable; off: do nothing\n"
                 "  --min N, --max N         instance count bounds, integers >= 0\n"
                 "  --policy NAME|FILE       a policy name or policy manifest file\n"
                 "  --wait-timeout SECONDS   how long to wait for the endpoint, 0-604800\n"},
};

int help_print(const char *command)
{
    const char *text = global_help;
    for (size_t i = 0; command && i < sizeof(command_help) / sizeof(command_help[0]); i++)
        if (strcmp(command_help[i].name, command) == 0)
            text = command_help[i].text;
    fputs(text, stdout);
    if (text != global_help)
        fputs("\nGlobal options: see sdhost-shim --help.\n", stdout);
    fputs(exit_help, stdout);
    return 0;
}

int help_version(void)
{
    printf("sdhost-shim %s (plugin ABI 1)\n", SHIM_VERSION);
    return 0;
}
