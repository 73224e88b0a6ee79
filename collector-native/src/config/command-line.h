#pragma once
// pga-agent's command line. One mode at a time: run (the daemon, default), --once, --check, --schemas,
// --help, --version.
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"

namespace pga::config {

enum class Mode { kRun, kOnce, kCheck, kSchemas, kHelp, kVersion };

struct CommandLine {
  Mode mode = Mode::kRun;
  std::optional<std::string> config_path;
  int baseline_ms = 1000;  // --once: wait between the two samples of delta plugins
};

Expected<CommandLine> parse_command_line(const std::vector<std::string>& args);

}  // namespace pga::config
