#pragma once
// The logs plugin: follows one instance's log files and sends the new events of each collection as one
// logs.v1 batch. The server is asked once (and every few minutes after) where and how it logs; after that,
// collection needs no connection — the logs of a server that is down are exactly the ones worth reading.
//
// Bounded memory and time per collection: records are read in 64 KiB chunks, an event holds at most
// max_event_bytes, and reading stops after kMaxEventsPerBatch events or kMaxBatchBytes of encoded rows; the
// rest stays in the file and is read at the next collection (see FileFollower for the backlog guard).
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "plugins/logs/file-follower.h"
#include "plugins/logs/line-prefix.h"
#include "plugins/logs/log-time.h"
#include "plugins/logs/logs-options.h"
#include "plugins/plugin.h"

namespace pga::plugins::logs {

inline constexpr const char* kSchema = "logs.v1";
inline constexpr size_t kMaxEventsPerBatch = 10000;
inline constexpr size_t kMaxBatchBytes = 8u << 20;

class LogsPlugin : public Plugin {
 public:
  Status collect(CollectContext& ctx, std::vector<avro::Batch>& out) override;

  // Where read offsets are saved (empty: not saved, a restart then starts per start_at).
  void set_state_file(std::string path) { state_file_ = std::move(path); }
  // Tests: server settings to use instead of asking the server.
  void set_server_settings(ServerLogSettings s) { server_ = std::move(s); settings_at_ = Clock::now(); }
  const ZoneTable& zones() const { return zones_; }

 private:
  using Clock = std::chrono::steady_clock;
  Status refresh_settings(CollectContext& ctx);
  Status prepare(CollectContext& ctx, const LogsOptions& options);
  void report(const PollStats& stats, uint64_t unmatched, size_t events);

  std::optional<ServerLogSettings> server_;
  Clock::time_point settings_at_{};
  bool settings_stale_ = true;
  ZoneTable zones_;
  LogsOptions options_;
  std::optional<LogSource> source_;
  LinePrefix prefix_;
  ParseOptions parse_options_;
  std::unique_ptr<FileFollower> follower_;
  std::string state_file_;
  std::vector<CursorState> saved_state_;
  bool state_loaded_ = false;
  uint64_t unmatched_seen_ = 0;
  uint64_t zones_warned_ = 0;
  Clock::time_point last_warning_{};
};

}  // namespace pga::plugins::logs
