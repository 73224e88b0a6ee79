#pragma once
// --check's Kafka probe: a short-lived librdkafka client with the producer's own settings (brokers, TLS,
// SASL: output::kafka_settings) asks for the cluster's metadata with a timeout. It proves the brokers are
// reachable and the credentials accepted, and lists the topics so missing ones can be named.
#include <set>
#include <string>

#include "config/agent-config.h"
#include "core/status.h"

namespace pga::check {

struct KafkaMetadata {
  int brokers = 0;
  std::set<std::string> topics;
};

Expected<KafkaMetadata> probe_kafka(const config::KafkaConfig& kafka, const config::SpoolConfig& spool,
                                    int timeout_ms);

}  // namespace pga::check
