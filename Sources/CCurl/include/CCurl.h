// libcurl for velo-ask, loaded at run time: only a request to a model needs it, and linking it cost every
// start of velo-ask (offline drafts included) the loading of libcurl and its 20-odd libraries
// (docs/BENCHMARKS.md, "Process start"). `velo_curl_load` opens libcurl.so.4 once; the other functions call
// through the pointers it found. `curl_easy_setopt` and `curl_easy_getinfo` are variadic, so each option
// type has a typed wrapper Swift can call. Call nothing in curl.h directly: that would link libcurl again.
#ifndef VELO_CCURL_H
#define VELO_CCURL_H

#include <curl/curl.h>
#include <stddef.h>

typedef size_t (*velo_curl_data_callback)(char *data, size_t size, size_t count, void *context);
typedef int (*velo_curl_progress_callback)(void *context, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow);

/// Opens libcurl and runs `curl_global_init` (once; later calls return the first result). 0 when it is
/// ready; else -1 with the reason in `error` (e.g. libcurl.so.4 not installed).
int velo_curl_load(char *error, size_t size);
/// Starts `velo_curl_load` on a thread of its own and returns at once, so opening libcurl (30-odd libraries)
/// overlaps the caller's work before its first request; `velo_curl_load` then waits for it to finish. If no
/// thread can be made, nothing happens and the first `velo_curl_load` loads as before. Later calls do nothing.
void velo_curl_preload(void);

CURL *velo_curl_easy_init(void);
void velo_curl_easy_cleanup(CURL *curl);
CURLcode velo_curl_easy_perform(CURL *curl);
const char *velo_curl_easy_strerror(CURLcode code);
struct curl_slist *velo_curl_slist_append(struct curl_slist *list, const char *text);
void velo_curl_slist_free_all(struct curl_slist *list);

CURLcode velo_curl_set_long(CURL *curl, CURLoption option, long value);
CURLcode velo_curl_set_string(CURL *curl, CURLoption option, const char *value);
CURLcode velo_curl_set_pointer(CURL *curl, CURLoption option, void *value);
CURLcode velo_curl_set_headers(CURL *curl, struct curl_slist *headers);
/// The body callback (CURLOPT_WRITEFUNCTION) or the header callback (CURLOPT_HEADERFUNCTION).
CURLcode velo_curl_set_callback(CURL *curl, CURLoption option, velo_curl_data_callback callback);
/// The request body: copied by libcurl, so the caller's buffer may go away.
CURLcode velo_curl_set_body(CURL *curl, const char *body, long length);
/// A progress callback (CURLOPT_XFERINFOFUNCTION) called about once a second even when nothing arrives,
/// so the caller can stop a stalled transfer by returning non-zero.
CURLcode velo_curl_set_progress(CURL *curl, velo_curl_progress_callback callback, void *context);
long velo_curl_response_code(CURL *curl);

/// The value libcurl's write callback returns to abort the transfer.
static inline size_t velo_curl_abort(void) { return 0; }

#endif
