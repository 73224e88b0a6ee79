#pragma once
// `pga-agent --check`: the configuration, every instance, Kafka and the API, one line each with the fix.
// Sends nothing and registers nothing: with the API configured it reads the configuration with the saved
// collector token (or only checks the bootstrap token when the agent is not registered yet).
#include <ostream>
#include <string>

#include "config/local-config.h"

namespace pga::check {

// Prints as it goes; returns the exit code (0 when no line FAILed).
int run_check(const config::LocalConfig& local, const std::string& agent_version, std::ostream& out);

}  // namespace pga::check
