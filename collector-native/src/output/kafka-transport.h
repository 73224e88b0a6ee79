#pragma once
// The Kafka producer (librdkafka C API), owned through unique_ptr deleters. Delivery reports, errors and
// fatal errors are served from poll() on the caller's thread. A fatal error (the idempotent producer can no
// longer guarantee order) is logged, every message in flight is reported for resending, and the producer is
// created again from the same settings.
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <librdkafka/rdkafka.h>

#include "output/kafka-settings.h"
#include "output/transport.h"

namespace pga::output {

struct KafkaDeleter {
  void operator()(rd_kafka_t* rk) const;
};
struct TopicDeleter {
  void operator()(rd_kafka_topic_t* topic) const { rd_kafka_topic_destroy(topic); }
};
struct ConfDeleter {
  void operator()(rd_kafka_conf_t* conf) const { rd_kafka_conf_destroy(conf); }
};

class KafkaTransport final : public Transport {
 public:
  static Expected<std::unique_ptr<KafkaTransport>> create(KafkaSettings settings);
  ~KafkaTransport() override;

  Status produce(const std::string& topic, std::string_view key, std::string_view payload, uint64_t token) override;
  void poll(int timeout_ms) override;
  void flush(int timeout_ms) override;

 private:
  explicit KafkaTransport(KafkaSettings settings) : settings_(std::move(settings)) {}
  Status connect();
  void recreate();
  void on_delivery(const rd_kafka_message_t* message);
  void on_error(int err, const char* reason);
  static void delivery_cb(rd_kafka_t* rk, const rd_kafka_message_t* message, void* opaque);
  static void error_cb(rd_kafka_t* rk, int err, const char* reason, void* opaque);
  static void log_cb(const rd_kafka_t* rk, int level, const char* facility, const char* message);

  KafkaSettings settings_;
  // topics_ is declared after producer_, so its handles are destroyed before the producer they belong to.
  std::unique_ptr<rd_kafka_t, KafkaDeleter> producer_;
  std::map<std::string, std::unique_ptr<rd_kafka_topic_t, TopicDeleter>> topics_;
  std::set<uint64_t> outstanding_;          // tokens handed to librdkafka without a report yet
  std::vector<DeliveryReport> synthetic_;   // failures known at produce time, reported by the next poll
  std::set<int> errors_logged_;             // error codes already logged at warn during this outage
  bool fatal_ = false;
};

}  // namespace pga::output
