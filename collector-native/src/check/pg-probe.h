#pragma once
// Gathers the PgFacts of one instance with the agent's own connection code (same session settings, same
// marker comment) and the plugins' own resolution of pg_stat_statements and of the log files, so --check
// reports what the agent will actually meet.
#include "check/pg-facts.h"
#include "config/agent-config.h"
#include "config/validate.h"

namespace pga::check {

PgFacts probe_instance(const config::InstanceConfig& instance, const config::EnvLookup& env);

// "127.0.0.1:5433 database pga as pga", from the configuration (or the DSN's parts); never a password.
std::string describe_target(const config::ConnectionConfig& connection, const config::EnvLookup& env);

}  // namespace pga::check
