#include "config/command-line.h"

#include <cstdlib>

namespace pga::config {

Expected<CommandLine> parse_command_line(const std::vector<std::string>& args) {
  CommandLine cl;
  std::optional<std::string> mode_flag;
  auto set_mode = [&](Mode m, const std::string& flag) -> Status {
    if (mode_flag && *mode_flag != flag) return Status::invalid(*mode_flag + " and " + flag + " cannot be combined");
    mode_flag = flag;
    cl.mode = m;
    return Status::ok();
  };
  for (size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i];
    std::optional<std::string> inline_value;
    if (arg.rfind("--", 0) == 0) {
      if (const auto eq = arg.find('='); eq != std::string::npos) {
        inline_value = arg.substr(eq + 1);
        arg = arg.substr(0, eq);
      }
    }
    auto value = [&](const std::string& flag) -> Expected<std::string> {
      if (inline_value) return *inline_value;
      if (i + 1 >= args.size()) return Status::invalid(flag + " needs a value");
      return args[++i];
    };
    Status st;
    if (arg == "-h" || arg == "--help") {
      st = set_mode(Mode::kHelp, "--help");
    } else if (arg == "-V" || arg == "--version") {
      st = set_mode(Mode::kVersion, "--version");
    } else if (arg == "--once") {
      st = set_mode(Mode::kOnce, "--once");
    } else if (arg == "--check") {
      st = set_mode(Mode::kCheck, "--check");
    } else if (arg == "--schemas") {
      st = set_mode(Mode::kSchemas, "--schemas");
    } else if (arg == "-c" || arg == "--config") {
      auto v = value("--config");
      if (!v) return v.status();
      if (v->empty()) return Status::invalid("--config needs a file name");
      cl.config_path = *v;
    } else if (arg == "--baseline-ms") {
      auto v = value("--baseline-ms");
      if (!v) return v.status();
      char* end = nullptr;
      const long ms = std::strtol(v->c_str(), &end, 10);
      if (v->empty() || *end != '\0' || ms < 0 || ms > 60000)
        return Status::invalid("--baseline-ms: expected milliseconds between 0 and 60000");
      cl.baseline_ms = static_cast<int>(ms);
    } else {
      return Status::invalid("unknown argument " + args[i] + " (see --help)");
    }
    if (!st) return st;
    if (inline_value && arg != "--config" && arg != "--baseline-ms") return Status::invalid(arg + " takes no value");
  }
  return cl;
}

}  // namespace pga::config
