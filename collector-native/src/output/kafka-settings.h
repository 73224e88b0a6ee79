#pragma once
// The librdkafka configuration of the agent's producer, derived from the kafka and spool settings:
// idempotent with acks=all always, compression/linger/batch/size/timeouts from the configuration, a small
// queue (the spool is the real buffer, and the agent must stay under 20 MB RSS), no statistics, TLS and
// SASL options with secrets read from their environment variable or file here, never logged.
#include <string>
#include <utility>
#include <vector>

#include "config/agent-config.h"
#include "core/status.h"

namespace pga::output {

using KafkaSettings = std::vector<std::pair<std::string, std::string>>;

Expected<KafkaSettings> kafka_settings(const config::KafkaConfig& kafka, const config::SpoolConfig& spool);

// Names of the settings holding secrets (their values are never printed).
bool is_secret_setting(const std::string& name);

}  // namespace pga::output
