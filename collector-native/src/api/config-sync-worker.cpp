// ConfigSync's background thread: pulls every agent.config_poll_s and heartbeats every agent.heartbeat_s
// (a heartbeat whose etag differs, or a newly applied configuration, triggers the other at once). The HTTP
// calls run with the mutex released, so the engine's tick never waits on the network.
#include <chrono>

#include "api/config-sync.h"
#include "core/log.h"

namespace pga::api {
namespace {

using Clock = std::chrono::steady_clock;

// Logs a failure at `level` the first time, at debug while it repeats; `last` remembers it.
void log_failure(std::string& last, log::Level level, const char* msg, const Status& st) {
  const std::string& text = st.message();
  if (text == last) {
    log::debug(msg, {{"error", text}, {"repeated", true}});
    return;
  }
  last = text;
  log::write(level, msg, {{"error", text}});
}

}  // namespace

void ConfigSync::poll_once() {
  if (Status st = ensure_registered(); !st) {
    log_failure(last_pull_error_, log::Level::kWarn, "registration failed; retrying at the next poll", st);
    return;
  }
  // Re-read collector.json when it changed: an operator may have put a new token there after a 401.
  if (auto saved = load_credentials(local_.settings.state_dir); saved && *saved) {
    std::lock_guard<std::mutex> lock(mutex_);
    credentials_ = **saved;
  }
  Credentials creds;
  std::string etag;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    creds = *credentials_;
    etag = seen_etag_;
  }
  auto pulled = client_.pull_config(creds, etag);
  if (!pulled) {
    if (pulled.status().code() == StatusCode::kPermissionDenied) {
      log_failure(last_pull_error_, log::Level::kError, "configuration pull refused", pulled.status());
    } else {
      log_failure(last_pull_error_, log::Level::kWarn, "configuration pull failed; keeping the running configuration",
                  pulled.status());
    }
    return;
  }
  if (!last_pull_error_.empty()) log::info("the API answers again");
  last_pull_error_.clear();
  if (!pulled->modified) return;
  auto candidate = validate_remote(pulled->remote);
  std::lock_guard<std::mutex> lock(mutex_);
  seen_etag_ = pulled->remote.etag;
  if (candidate) pending_ = std::move(candidate);
}

void ConfigSync::heartbeat_once() {
  Credentials creds;
  HeartbeatRequest req{agent_version_, local_.settings.host_name, std::nullopt};
  std::string etag;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!credentials_) return;
    creds = *credentials_;
    req.config_version = applied_version_;
    etag = seen_etag_;
  }
  auto reply = client_.heartbeat(creds, req);
  if (!reply) {
    const bool refused = reply.status().code() == StatusCode::kPermissionDenied;
    log_failure(last_beat_error_, refused ? log::Level::kError : log::Level::kWarn,
                refused ? "heartbeat refused" : "heartbeat failed", reply.status());
    return;
  }
  last_beat_error_.clear();
  if (reply->config_etag && *reply->config_etag != etag) {
    std::lock_guard<std::mutex> lock(mutex_);
    pull_now_ = true;
  }
}

void ConfigSync::worker() {
  auto next_poll = Clock::now() + std::chrono::seconds(poll_s_);
  auto next_beat = Clock::now();  // the API learns at once that the agent runs
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    const auto now = Clock::now();
    const bool poll = pull_now_ || now >= next_poll;
    const bool beat = beat_now_ || now >= next_beat;
    if (poll || beat) {
      pull_now_ = false;
      beat_now_ = false;
      lock.unlock();
      if (beat) heartbeat_once();
      if (poll) poll_once();
      lock.lock();
      if (poll) next_poll = Clock::now() + std::chrono::seconds(poll_s_);
      if (beat) next_beat = Clock::now() + std::chrono::seconds(heartbeat_s_);
      continue;
    }
    wake_.wait_until(lock, std::min(next_poll, next_beat), [&] { return stopping_ || pull_now_ || beat_now_; });
  }
}

void ConfigSync::run_background() {
  if (thread_.joinable()) return;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = false;
  }
  thread_ = std::thread([this] { worker(); });
}

void ConfigSync::stop_background() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace pga::api
