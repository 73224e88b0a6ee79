#include "check/kafka-probe.h"

#include <librdkafka/rdkafka.h>

#include <memory>

#include "output/kafka-settings.h"

namespace pga::check {
namespace {

struct KafkaDeleter {
  void operator()(rd_kafka_t* rk) const { rd_kafka_destroy(rk); }
};
struct ConfDeleter {
  void operator()(rd_kafka_conf_t* conf) const { rd_kafka_conf_destroy(conf); }
};
struct MetadataDeleter {
  void operator()(const rd_kafka_metadata_t* md) const { rd_kafka_metadata_destroy(md); }
};

// librdkafka logs connection failures itself (to stderr by default); --check says it in one line instead,
// with the last error the client reported (refused connection, failed SASL handshake, TLS).
void quiet_log(const rd_kafka_t*, int, const char*, const char*) {}

void remember_error(rd_kafka_t*, int, const char* reason, void* opaque) {
  if (opaque && reason) *static_cast<std::string*>(opaque) = reason;
}

}  // namespace

Expected<KafkaMetadata> probe_kafka(const config::KafkaConfig& kafka, const config::SpoolConfig& spool,
                                    int timeout_ms) {
  if (kafka.brokers.empty()) return Status::invalid("no brokers configured");
  auto settings = output::kafka_settings(kafka, spool);
  if (!settings) return settings.status();
  std::unique_ptr<rd_kafka_conf_t, ConfDeleter> conf(rd_kafka_conf_new());
  char err[512] = {};
  for (const auto& [key, value] : *settings) {
    if (rd_kafka_conf_set(conf.get(), key.c_str(), value.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK)
      return Status::invalid("kafka setting " + key + ": " + err);
  }
  rd_kafka_conf_set_log_cb(conf.get(), &quiet_log);
  std::string last_error;
  rd_kafka_conf_set_error_cb(conf.get(), &remember_error);
  rd_kafka_conf_set_opaque(conf.get(), &last_error);
  // rd_kafka_new takes the configuration only when it succeeds.
  std::unique_ptr<rd_kafka_t, KafkaDeleter> rk(rd_kafka_new(RD_KAFKA_PRODUCER, conf.get(), err, sizeof err));
  if (!rk) return Status::invalid(std::string("kafka client: ") + err);
  conf.release();

  const rd_kafka_metadata_t* raw = nullptr;
  const rd_kafka_resp_err_t rc = rd_kafka_metadata(rk.get(), 1, nullptr, &raw, timeout_ms);
  std::unique_ptr<const rd_kafka_metadata_t, MetadataDeleter> md(raw);
  if (rc != RD_KAFKA_RESP_ERR_NO_ERROR) {
    std::string brokers;
    for (const auto& b : kafka.brokers) brokers += (brokers.empty() ? "" : ",") + b;
    const std::string why = std::string(rd_kafka_err2str(rc)) + (last_error.empty() ? "" : ": " + last_error);
    if (rc == RD_KAFKA_RESP_ERR__TIMED_OUT || rc == RD_KAFKA_RESP_ERR__TRANSPORT)
      return Status::unavailable("no broker of " + brokers + " answered within " + std::to_string(timeout_ms / 1000) +
                                 " s (" + why + ")");
    if (rc == RD_KAFKA_RESP_ERR__AUTHENTICATION || rc == RD_KAFKA_RESP_ERR_SASL_AUTHENTICATION_FAILED)
      return Status::error(StatusCode::kPermissionDenied, "the brokers refused the credentials (" + why + ")");
    return Status::unavailable("metadata request to " + brokers + " failed: " + why);
  }
  KafkaMetadata out;
  out.brokers = md->broker_cnt;
  for (int i = 0; i < md->topic_cnt; ++i)
    if (md->topics[i].err == RD_KAFKA_RESP_ERR_NO_ERROR) out.topics.insert(md->topics[i].topic);
  return out;
}

}  // namespace pga::check
