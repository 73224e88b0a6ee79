// The logs plugin's descriptor: options, defaults and limits as docs/collector-config.md ("logs options").
#include "plugins/logs/logs-plugin.h"

namespace pga::plugins::logs {
namespace {

std::unique_ptr<Plugin> create() { return std::make_unique<LogsPlugin>(); }

const PluginDescriptor kLogsPlugin{
    "logs",
    kSchema,
    Scope::kInstance,
    10,
    false,
    "server log events (stderr, csvlog, jsonlog; rotation followed), classified, with literals redacted",
    {
        {"path", OptionType::kPath, "null", 0, 0, "",
         "absolute directory or file glob of the log files; default: the server's log_directory"},
        {"format", OptionType::kEnum, "\"auto\"", 0, 0, "auto|stderr|csvlog|jsonlog",
         "log format; auto: from the server's log_destination (jsonlog, then csvlog, then stderr)"},
        {"log_line_prefix", OptionType::kString, "null", 0, 256, "",
         "stderr only: the server's log_line_prefix; default: read from the server"},
        {"max_event_bytes", OptionType::kInt, "65536", 1024, 1048576, "",
         "a longer multi-line event is cut and marked truncated"},
        {"redact_parameters", OptionType::kBool, "true", 0, 0, "",
         "statement parameters and literals replaced by placeholders"},
        {"start_at", OptionType::kEnum, "\"end\"", 0, 0, "end|beginning",
         "where to start in a file seen the first time"},
    },
    &create,
};

}  // namespace

PGA_REGISTER_PLUGIN(kLogsPlugin);

}  // namespace pga::plugins::logs
