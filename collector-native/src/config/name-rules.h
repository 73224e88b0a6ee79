#pragma once
// The string formats of the configuration, mirrored from services/api/collector-config/fields.ts and
// services/api/collectors/fields.ts (same character sets, lengths and messages), so the agent refuses
// exactly what the API refuses. Each check returns nullptr when `s` is valid, else what was expected.
#include <string_view>

namespace pga::config::rules {

const char* env_name(std::string_view s);        // PGA_REPLICA_DSN
const char* absolute_path(std::string_view s);   // /etc/pga-agent/pg-password
const char* glob_pattern(std::string_view s);    // scratch_*
const char* instance_name(std::string_view s);   // main
const char* server_id(std::string_view s);       // db1.example.net:5432
const char* host_name(std::string_view s);       // db1.example.net
const char* pg_host(std::string_view s);         // host name, address or Unix-socket directory
const char* pg_name(std::string_view s);         // database or role name
const char* broker_address(std::string_view s);  // kafka1:9092
const char* topic_prefix(std::string_view s);    // pga
const char* collector_name(std::string_view s);  // db-prod-eu-1
const char* agent_version(std::string_view s);   // 0.1.0

// Words that make a key look like a secret (the API's /pass|secret|token|credential|private/i).
bool looks_like_secret(std::string_view key);

}  // namespace pga::config::rules
