/* A host that uses several plugin instances at once, one per thread, as the
 * ABI header allows: each thread creates its own instance and makes many
 * calls (info, refused requests, and AWS calls that fail fast against a closed
 * local port, so libcurl, OpenSSL and the credentials chain run concurrently).
 * TAP output; run under ASan/valgrind by the usual set-ups.
 * usage: threads_host PLUGIN.so */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "sdhost/plugin.h"

#define THREADS 4
#define ROUNDS  25

static const char *config_get(void *data, const char *key)
{
    (void)data;
    /* a loopback port nothing listens on: every AWS call fails at once */
    if (strcmp(key, "endpoint_url") == 0)
        return "http://127.0.0.1:9";
    if (strcmp(key, "region") == 0)
        return "us-east-1";
    return NULL;
}

typedef struct worker {
    const sdh_plugin *plugin;
    int failures;
    char first_failure[256];
} worker;

static void expect(worker *w, int ok, const char *what, const char *reply)
{
    if (ok)
        return;
    if (!w->failures++)
        snprintf(w->first_failure, sizeof(w->first_failure), "%s: %.200s", what,
                 reply ? reply : "(null)");
}

static void *run(void *arg)
{
    worker *w = arg;
    sdh_host_services host = {
        .abi_version = SDH_ABI_VERSION, .struct_size = sizeof(host), .config_get = config_get};
    char *err = NULL;
    sdh_instance *inst = w->plugin->create(&host, &err);
    if (!inst) {
        expect(w, 0, "create", err);
        w->plugin->free_string(err);
        return NULL;
    }
    static const struct {
        const char *request;
        sdh_status want;
        const char *code;
    } cases[] = {
        {"{\"op\":\"info\"}", SDH_STATUS_OK, NULL},
        {"{\"op\":\"enable\"}", SDH_STATUS_INVALID_INPUT, "\"InvalidRequest\""},
        {"[1,2", SDH_STATUS_INVALID_INPUT, "\"InvalidJson\""},
        {"{\"op\":\"status\",\"endpoint\":\"e1\",\"variant\":\"prod\"}", SDH_STATUS_REMOTE_ERROR,
         "\"ConnectionError\""},
    };
    for (int r = 0; r < ROUNDS; r++) {
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
            char *reply = NULL;
            sdh_status st =
                w->plugin->call(inst, cases[i].request, strlen(cases[i].request), &reply);
            expect(w, st == cases[i].want, cases[i].request, reply);
            expect(w, reply && (!cases[i].code || strstr(reply, cases[i].code)), cases[i].request,
                   reply);
            w->plugin->free_string(reply);
        }
    }
    w->plugin->destroy(inst);
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: threads_host PLUGIN.so\n");
        return 2;
    }
    void *lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        printf("1..1\nnot ok 1 - dlopen: %s\n", dlerror());
        return 1;
    }
    sdh_plugin_entry_fn entry;
    void *sym = dlsym(lib, SDH_PLUGIN_ENTRY_SYMBOL);
    memcpy(&entry, &sym, sizeof(entry));
    const sdh_plugin *plugin = entry ? entry(SDH_ABI_VERSION) : NULL;
    if (!plugin) {
        printf("1..1\nnot ok 1 - entry\n");
        return 1;
    }
    pthread_t threads[THREADS];
    worker workers[THREADS];
    memset(workers, 0, sizeof(workers));
    for (int i = 0; i < THREADS; i++) {
        workers[i].plugin = plugin;
        pthread_create(&threads[i], NULL, run, &workers[i]);
    }
    int failed = 0;
    printf("1..%d\n", THREADS);
    for (int i = 0; i < THREADS; i++) {
        pthread_join(threads[i], NULL);
        if (workers[i].failures) {
            failed = 1;
            printf("not ok %d - instance %d: %d unexpected replies; first: %s\n", i + 1, i,
                   workers[i].failures, workers[i].first_failure);
        } else {
            printf("ok %d - instance %d: %d calls on its own thread as expected\n", i + 1, i,
                   ROUNDS * 4);
        }
    }
    /* the plugin stays loaded: never dlclose (see the ABI header) */
    return failed;
}
