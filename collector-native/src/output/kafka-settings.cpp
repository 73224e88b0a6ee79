#include "output/kafka-settings.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "core/files.h"

namespace pga::output {
namespace {

Expected<std::string> from_env(const std::string& variable, const char* what) {
  const char* value = std::getenv(variable.c_str());
  if (value == nullptr) {
    return Status::invalid(std::string(what) + ": environment variable " + variable + " is not set");
  }
  return std::string(value);
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

}  // namespace

bool is_secret_setting(const std::string& name) { return name == "sasl.password" || name == "ssl.key.password"; }

Expected<KafkaSettings> kafka_settings(const config::KafkaConfig& kafka, const config::SpoolConfig& spool) {
  if (kafka.brokers.empty()) return Status::invalid("kafka.brokers is empty (set it, or PGA_KAFKA_BROKERS)");
  std::string brokers;
  for (const auto& b : kafka.brokers) brokers += (brokers.empty() ? "" : ",") + b;
  // librdkafka refuses a batch.size above message.max.bytes; our own split limit is message_max_bytes, plus
  // room for the key and the record overhead.
  const int64_t max_message = std::max<int64_t>(int64_t{kafka.message_max_bytes} + 4096, kafka.batch_max_bytes);
  // The window in front of librdkafka holds at most memory_max_bytes of payload; its queue needs that much
  // plus a margin (it counts headers), never the 1 GiB default.
  const int64_t queue_kb = std::max<int64_t>(spool.memory_max_bytes / 1024 * 2, max_message / 1024 + 64);
  KafkaSettings out = {
      {"bootstrap.servers", brokers},
      {"client.id", "pga-agent"},
      {"enable.idempotence", "true"},
      {"acks", "all"},
      {"compression.type", kafka.compression == "none" ? "none" : kafka.compression},
      // zstd's default level (3) sizes its window for megabyte inputs: ~3 MB more resident memory while a
      // batch is compressed, for a few percent of ratio on Avro batches. Level 1 keeps the agent small.
      {"compression.level", kafka.compression == "zstd" ? "1" : "-1"},
      {"linger.ms", std::to_string(kafka.linger_ms)},
      {"batch.size", std::to_string(kafka.batch_max_bytes)},
      {"message.max.bytes", std::to_string(max_message)},
      {"request.timeout.ms", std::to_string(kafka.request_timeout_ms)},
      // A delivery that has not succeeded by then is reported failed; the sender resends it from the spool.
      {"message.timeout.ms", std::to_string(std::max(60000, 2 * kafka.request_timeout_ms))},
      {"queue.buffering.max.kbytes", std::to_string(queue_kb)},
      {"queue.buffering.max.messages", "10000"},
      {"statistics.interval.ms", "0"},
      {"log.connection.close", "false"},
      {"security.protocol", lower(kafka.security.protocol)},
  };
  const auto& sec = kafka.security;
  if (sec.sasl_mechanism) out.emplace_back("sasl.mechanisms", *sec.sasl_mechanism);
  if (sec.sasl_username) out.emplace_back("sasl.username", *sec.sasl_username);
  if (sec.sasl_password_env) {
    auto password = from_env(*sec.sasl_password_env, "kafka.security.sasl_password_env");
    if (!password) return password.status();
    out.emplace_back("sasl.password", *password);
  } else if (sec.sasl_password_file) {
    auto password = files::read_secret(*sec.sasl_password_file);
    if (!password) {
      return Status::invalid("kafka.security.sasl_password_file: " + password.status().message());
    }
    out.emplace_back("sasl.password", *password);
  }
  if (sec.ssl_ca_file) out.emplace_back("ssl.ca.location", *sec.ssl_ca_file);
  if (sec.ssl_cert_file) out.emplace_back("ssl.certificate.location", *sec.ssl_cert_file);
  if (sec.ssl_key_file) out.emplace_back("ssl.key.location", *sec.ssl_key_file);
  if (sec.ssl_key_password_env) {
    auto password = from_env(*sec.ssl_key_password_env, "kafka.security.ssl_key_password_env");
    if (!password) return password.status();
    out.emplace_back("ssl.key.password", *password);
  }
  return out;
}

}  // namespace pga::output
