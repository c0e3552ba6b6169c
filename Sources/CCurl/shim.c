#include "CCurl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>

static struct {
    CURLcode (*global_init)(long flags);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *curl);
    CURLcode (*easy_perform)(CURL *curl);
    const char *(*easy_strerror)(CURLcode code);
    CURLcode (*easy_setopt)(CURL *curl, CURLoption option, ...);
    CURLcode (*easy_getinfo)(CURL *curl, CURLINFO info, ...);
    struct curl_slist *(*slist_append)(struct curl_slist *list, const char *text);
    void (*slist_free_all)(struct curl_slist *list);
} api;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char failure[256];

static void load(void) {
    void *lib = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        snprintf(failure, sizeof failure, "%s", dlerror());
        return;
    }
#define FIND(field, symbol)                                                          \
    if (!(*(void **)&api.field = dlsym(lib, symbol))) {                              \
        snprintf(failure, sizeof failure, "libcurl.so.4 has no %s", symbol);          \
        return;                                                                      \
    }
    FIND(global_init, "curl_global_init")
    FIND(easy_init, "curl_easy_init")
    FIND(easy_cleanup, "curl_easy_cleanup")
    FIND(easy_perform, "curl_easy_perform")
    FIND(easy_strerror, "curl_easy_strerror")
    FIND(easy_setopt, "curl_easy_setopt")
    FIND(easy_getinfo, "curl_easy_getinfo")
    FIND(slist_append, "curl_slist_append")
    FIND(slist_free_all, "curl_slist_free_all")
#undef FIND
    if (api.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) snprintf(failure, sizeof failure, "curl_global_init failed");
}

static void *preload(void *unused) {
    (void)unused;
    pthread_once(&once, load);
    return NULL;
}

static pthread_once_t preload_once = PTHREAD_ONCE_INIT;

static void start_preload(void) {
    // The thread takes no signals (it inherits this mask), so Ctrl+C still reaches the tool's own thread.
    sigset_t all, previous;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &previous);
    pthread_t thread;
    if (pthread_create(&thread, NULL, preload, NULL) == 0) pthread_detach(thread);
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
}

void velo_curl_preload(void) { pthread_once(&preload_once, start_preload); }

int velo_curl_load(char *error, size_t size) {
    pthread_once(&once, load);
    if (failure[0] == 0) return 0;
    if (error && size > 0) snprintf(error, size, "%s", failure);
    return -1;
}

CURL *velo_curl_easy_init(void) { return api.easy_init(); }
void velo_curl_easy_cleanup(CURL *curl) { api.easy_cleanup(curl); }
CURLcode velo_curl_easy_perform(CURL *curl) { return api.easy_perform(curl); }
const char *velo_curl_easy_strerror(CURLcode code) { return api.easy_strerror(code); }
struct curl_slist *velo_curl_slist_append(struct curl_slist *list, const char *text) { return api.slist_append(list, text); }
void velo_curl_slist_free_all(struct curl_slist *list) { api.slist_free_all(list); }

CURLcode velo_curl_set_long(CURL *curl, CURLoption option, long value) { return api.easy_setopt(curl, option, value); }
CURLcode velo_curl_set_string(CURL *curl, CURLoption option, const char *value) { return api.easy_setopt(curl, option, value); }
CURLcode velo_curl_set_pointer(CURL *curl, CURLoption option, void *value) { return api.easy_setopt(curl, option, value); }
CURLcode velo_curl_set_headers(CURL *curl, struct curl_slist *headers) { return api.easy_setopt(curl, CURLOPT_HTTPHEADER, headers); }

CURLcode velo_curl_set_callback(CURL *curl, CURLoption option, velo_curl_data_callback callback) {
    return api.easy_setopt(curl, option, callback);
}

CURLcode velo_curl_set_body(CURL *curl, const char *body, long length) {
    CURLcode code = api.easy_setopt(curl, CURLOPT_POSTFIELDSIZE, length);
    if (code != CURLE_OK) return code;
    return api.easy_setopt(curl, CURLOPT_COPYPOSTFIELDS, body);
}

CURLcode velo_curl_set_progress(CURL *curl, velo_curl_progress_callback callback, void *context) {
    CURLcode code = api.easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, callback);
    if (code != CURLE_OK) return code;
    code = api.easy_setopt(curl, CURLOPT_XFERINFODATA, context);
    if (code != CURLE_OK) return code;
    return api.easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
}

long velo_curl_response_code(CURL *curl) {
    long code = 0;
    api.easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
    return code;
}
