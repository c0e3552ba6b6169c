// What Swift cannot call in libcurl directly: `curl_easy_setopt` and `curl_easy_getinfo` are variadic, so
// each option type gets a typed inline wrapper. Everything else in curl.h is imported as is.
#ifndef VELO_CCURL_SHIM_H
#define VELO_CCURL_SHIM_H

#include <curl/curl.h>

typedef size_t (*velo_curl_data_callback)(char *data, size_t size, size_t count, void *context);

static inline CURLcode velo_curl_set_long(CURL *curl, CURLoption option, long value) {
    return curl_easy_setopt(curl, option, value);
}

static inline CURLcode velo_curl_set_string(CURL *curl, CURLoption option, const char *value) {
    return curl_easy_setopt(curl, option, value);
}

static inline CURLcode velo_curl_set_pointer(CURL *curl, CURLoption option, void *value) {
    return curl_easy_setopt(curl, option, value);
}

static inline CURLcode velo_curl_set_headers(CURL *curl, struct curl_slist *headers) {
    return curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
}

/// The body callback (CURLOPT_WRITEFUNCTION) or the header callback (CURLOPT_HEADERFUNCTION).
static inline CURLcode velo_curl_set_callback(CURL *curl, CURLoption option, velo_curl_data_callback callback) {
    return curl_easy_setopt(curl, option, callback);
}

/// The request body: copied by libcurl, so the caller's buffer may go away.
static inline CURLcode velo_curl_set_body(CURL *curl, const char *body, long length) {
    CURLcode code = curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, length);
    if (code != CURLE_OK) return code;
    return curl_easy_setopt(curl, CURLOPT_COPYPOSTFIELDS, body);
}

typedef int (*velo_curl_progress_callback)(void *context, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow);

/// A progress callback (CURLOPT_XFERINFOFUNCTION) called about once a second even when nothing arrives,
/// so the caller can stop a stalled transfer by returning non-zero.
static inline CURLcode velo_curl_set_progress(CURL *curl, velo_curl_progress_callback callback, void *context) {
    CURLcode code = curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, callback);
    if (code != CURLE_OK) return code;
    code = curl_easy_setopt(curl, CURLOPT_XFERINFODATA, context);
    if (code != CURLE_OK) return code;
    return curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
}

static inline long velo_curl_response_code(CURL *curl) {
    long code = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
    return code;
}

/// The value libcurl's write callback returns to abort the transfer.
static inline size_t velo_curl_abort(void) { return 0; }

#endif
