// What Swift cannot import from librdkafka directly: the variadic `rd_kafka_producev` macro and
// macro constants. Everything else in rdkafka.h is imported as is.
#ifndef VELO_CRDKAFKA_SHIM_H
#define VELO_CRDKAFKA_SHIM_H

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

/// The partition librdkafka picks (by key hash, or sticky/random without a key).
static inline int32_t velo_rdk_partition_unassigned(void) { return RD_KAFKA_PARTITION_UA; }

static inline int64_t velo_rdk_offset_beginning(void) { return RD_KAFKA_OFFSET_BEGINNING; }
static inline int64_t velo_rdk_offset_end(void) { return RD_KAFKA_OFFSET_END; }
static inline int64_t velo_rdk_offset_invalid(void) { return RD_KAFKA_OFFSET_INVALID; }

/// Queues one message (copied) on `topic`. `timestamp` 0 means now.
/// `msg_opaque` comes back in the delivery report.
static inline rd_kafka_resp_err_t velo_rdk_produce(rd_kafka_t *rk, rd_kafka_topic_t *topic, int32_t partition,
                                                   const void *key, size_t key_len,
                                                   const void *value, size_t value_len,
                                                   int64_t timestamp, void *msg_opaque) {
    return rd_kafka_producev(rk,
                             RD_KAFKA_V_RKT(topic),
                             RD_KAFKA_V_PARTITION(partition),
                             RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                             RD_KAFKA_V_KEY((void *)key, key_len),
                             RD_KAFKA_V_VALUE((void *)value, value_len),
                             RD_KAFKA_V_TIMESTAMP(timestamp),
                             RD_KAFKA_V_OPAQUE(msg_opaque),
                             RD_KAFKA_V_END);
}

/// The same with message headers; on success librdkafka takes `headers` (the caller destroys them otherwise).
static inline rd_kafka_resp_err_t velo_rdk_produce_headers(rd_kafka_t *rk, rd_kafka_topic_t *topic, int32_t partition,
                                                           const void *key, size_t key_len,
                                                           const void *value, size_t value_len,
                                                           int64_t timestamp, rd_kafka_headers_t *headers) {
    return rd_kafka_producev(rk,
                             RD_KAFKA_V_RKT(topic),
                             RD_KAFKA_V_PARTITION(partition),
                             RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                             RD_KAFKA_V_KEY((void *)key, key_len),
                             RD_KAFKA_V_VALUE((void *)value, value_len),
                             RD_KAFKA_V_TIMESTAMP(timestamp),
                             RD_KAFKA_V_HEADERS(headers),
                             RD_KAFKA_V_END);
}

/// The delivery-report error of a message (a field Swift could read, kept here beside its peers).
static inline rd_kafka_resp_err_t velo_rdk_message_error(const rd_kafka_message_t *message) {
    return message->err;
}

#endif
