#include "plugins/logs/logs-plugin.h"

#include <cctype>
#include <utility>

#include "core/log.h"
#include "plugins/logs/batch-sink.h"
#include "plugins/logs/csvlog-parser.h"
#include "plugins/logs/jsonlog-parser.h"
#include "plugins/logs/logs-sql.h"
#include "plugins/logs/offset-store.h"
#include "plugins/logs/stderr-parser.h"

namespace pga::plugins::logs {
namespace {

constexpr auto kSettingsRefresh = std::chrono::minutes(5);
constexpr auto kWarningInterval = std::chrono::minutes(10);
// CSV and JSON records carry the other columns around the text the cap counts.
constexpr size_t kRecordFraming = 16 * 1024;

std::string file_safe(const std::string& name) {
  std::string out;
  for (char c : name) out += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.') ? c : '_';
  return out;
}

bool same_options(const LogsOptions& a, const LogsOptions& b) {
  return a.path == b.path && a.format == b.format && a.log_line_prefix == b.log_line_prefix &&
         a.max_event_bytes == b.max_event_bytes && a.start_at_end == b.start_at_end;
}

bool same_state(const std::vector<CursorState>& a, const std::vector<CursorState>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].path != b[i].path || a[i].dev != b[i].dev || a[i].ino != b[i].ino || a[i].offset != b[i].offset ||
        a[i].prefix_len != b[i].prefix_len || a[i].prefix_hash != b[i].prefix_hash)
      return false;
  }
  return true;
}

bool same_source(const LogSource& a, const LogSource& b) {
  return a.glob == b.glob && a.format == b.format && a.log_line_prefix == b.log_line_prefix;
}

}  // namespace

Status LogsPlugin::refresh_settings(CollectContext& ctx) {
  auto conn = ctx.instance->primary();
  if (!conn) return conn.status();
  auto s = query_log_settings(**conn);
  if (!s) return s.status();
  if (zones_.size() == 0 || !server_ || server_->log_timezone != s->log_timezone || settings_stale_) {
    Status z = load_zone_table(**conn, s->log_timezone, zones_);
    if (!z) log::debug("logs: time zone abbreviations unavailable", {{"error", z.to_string()}});
  }
  server_ = std::move(*s);
  settings_at_ = Clock::now();
  settings_stale_ = false;
  return Status::ok();
}

Status LogsPlugin::prepare(CollectContext& ctx, const LogsOptions& options) {
  const bool due = settings_stale_ || Clock::now() - settings_at_ > kSettingsRefresh;
  if (due && ctx.instance) {
    Status s = refresh_settings(ctx);
    if (!s) {
      // Without the server the plugin goes on with what it knew, or with what the options alone say; it
      // asks again at the next refresh, not at every collection (a server that is down would make each
      // collection wait for its connect timeout).
      if (!server_ && !resolve_source(options, std::nullopt)) return s;
      settings_at_ = Clock::now();
      settings_stale_ = false;
      log::debug("logs: server settings not refreshed", {{"error", s.to_string()}});
    }
  }
  auto src = resolve_source(options, server_);
  if (!src) return src.status();
  if (follower_ && same_options(options, options_) && source_ && same_source(*src, *source_)) return Status::ok();

  std::vector<CursorState> carried;
  if (follower_ && source_ && source_->glob == src->glob) carried = follower_->state();
  options_ = options;
  source_ = *src;
  prefix_ = LinePrefix::compile(src->log_line_prefix);
  parse_options_ = ParseOptions{&zones_, static_cast<size_t>(options.max_event_bytes)};
  FollowerOptions fo;
  fo.glob = src->glob;
  fo.mode = src->format == "csvlog" ? RecordReader::Mode::kCsv : RecordReader::Mode::kLines;
  fo.max_record_bytes = static_cast<size_t>(options.max_event_bytes) + kRecordFraming;
  fo.start_at_end = options.start_at_end;
  const std::string format = src->format;
  follower_ = std::make_unique<FileFollower>(fo, [this, format]() -> std::unique_ptr<RecordParser> {
    if (format == "csvlog") return std::make_unique<CsvlogParser>(&parse_options_);
    if (format == "jsonlog") return std::make_unique<JsonlogParser>(&parse_options_);
    return std::make_unique<StderrParser>(&prefix_, &parse_options_);
  });
  unmatched_seen_ = 0;
  if (state_file_.empty() && ctx.instance) {
    const std::string& dir = ctx.state_dir;
    if (!dir.empty()) state_file_ = dir + "/logs-" + file_safe(ctx.instance->name()) + ".json";
  }
  if (!carried.empty()) {
    follower_->restore(carried);
  } else if (!state_loaded_ && !state_file_.empty()) {
    auto saved = load_offsets(state_file_);
    if (saved) follower_->restore(*saved);
    else log::warn("logs: saved offsets ignored", {{"error", saved.status().to_string()}});
  }
  state_loaded_ = true;
  log::info("logs: following", {{"glob", src->glob}, {"format", src->format}});
  return Status::ok();
}

void LogsPlugin::report(const PollStats& stats, uint64_t unmatched, size_t events) {
  const bool may_warn = Clock::now() - last_warning_ > kWarningInterval;
  bool warned = false;
  if (!stats.errors.empty() && may_warn) {
    log::warn("logs: files not readable", {{"errors", stats.errors}});
    warned = true;
  }
  if (unmatched > 0 && may_warn) {
    log::warn("logs: lines not understood", {{"lines", unmatched}, {"events", events},
                                             {"log_line_prefix", prefix_.text()}, {"format", source_->format}});
    warned = true;
  }
  if (stats.sink_full && may_warn) {  // not lost: read at the next collection
    log::info("logs: event cap reached, the rest waits for the next collection",
              {{"events", events}, {"unread_bytes", stats.backlog_bytes}});
    warned = true;
  }
  if (stats.skipped_bytes > 0) log::warn("logs: backlog skipped", {{"bytes", stats.skipped_bytes}});
  const uint64_t zones = follower_->unknown_zones();
  if (zones > zones_warned_) {
    log::warn("logs: time zone abbreviation unknown, read as UTC", {{"events", zones - zones_warned_}});
    zones_warned_ = zones;
    settings_stale_ = true;  // reload the abbreviations at the next collection
  }
  if (warned) last_warning_ = Clock::now();
}

Status LogsPlugin::collect(CollectContext& ctx, std::vector<avro::Batch>& out) {
  const LogsOptions options = read_options(ctx.plugin);
  if (Status s = prepare(ctx, options); !s) return s;
  avro::Batch batch = ctx.new_batch(kSchema);
  ProcessOptions po{options.redact_parameters, static_cast<size_t>(options.max_event_bytes),
                    ctx.envelope.collected_at_us, {}};
  if (ctx.instance) po.own_pids = ctx.instance->own_backend_pids();
  BatchSink sink(&batch, po, kMaxEventsPerBatch, kMaxBatchBytes);
  auto stats = follower_->poll(sink);
  if (!stats) return stats.status();
  if (stats->files == 0)
    return Status::not_found("logs: no file matches " + source_->glob +
                             ": set plugins.logs.path (and format) to where PostgreSQL writes its logs");
  if (stats->skipped_bytes > 0) {
    write_event(batch, agent_notice(ctx.envelope.collected_at_us,
                                    "pga-agent skipped " + std::to_string(stats->skipped_bytes) +
                                        " bytes of log: the unread backlog exceeded the agent's limit"));
  }
  const uint64_t unmatched_total = follower_->unmatched_lines();
  const uint64_t unmatched = unmatched_total >= unmatched_seen_ ? unmatched_total - unmatched_seen_ : unmatched_total;
  unmatched_seen_ = unmatched_total;
  report(*stats, unmatched, sink.events());
  if (!state_file_.empty() && ctx.save_state) {
    std::vector<CursorState> state = follower_->state();
    if (!same_state(state, saved_state_)) {  // no write every interval on a quiet server
      Status saved = save_offsets(state_file_, state);
      if (saved) saved_state_ = std::move(state);
      else log::debug("logs: offsets not saved", {{"error", saved.to_string()}});
    }
  }
  if (!batch.status()) return batch.status();
  if (batch.total_rows() > 0) out.push_back(std::move(batch));
  if (unmatched > 0 && sink.events() == 0 && sink.own_events() == 0) {
    settings_stale_ = true;  // the server's log_line_prefix or log_destination may have changed: ask again
    if (source_->format == "stderr")
      return Status::invalid("logs: " + std::to_string(unmatched) + " lines did not match log_line_prefix '" +
                             prefix_.text() + "': set plugins.logs.log_line_prefix to the server's, and "
                             "lc_messages to C or English");
    return Status::invalid("logs: " + std::to_string(unmatched) + " records are not " + source_->format +
                           ": set plugins.logs.format to the format of " + source_->glob);
  }
  return Status::ok();
}

}  // namespace pga::plugins::logs
