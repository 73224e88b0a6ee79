#pragma once
// Keeps a registered agent's configuration in step with the API (docs/collector-config.md, "life cycle"):
//
//   start():  credentials from <state_dir>/collector.json, or register with the bootstrap token
//             → pull with If-None-Match = the last known good ETag (200: validate, 304: the saved one)
//             → when the API cannot be reached: the last known good configuration, then the local file's
//               keys, else wait (retrying with capped, jittered backoff) until the API answers.
//   worker:   a background thread pulls every agent.config_poll_s and heartbeats every agent.heartbeat_s
//             (a heartbeat whose config_etag differs triggers a pull at once); a registration that could not
//             be done at start is retried there. HTTP never runs on the engine's thread, so a slow or dead
//             API never delays collection.
//   engine:   its tick calls take_update() (a newer validated configuration, if any), applies it, and reports
//             the outcome with applied(); only an applied configuration becomes the last known good one.
// An invalid remote configuration is logged once per ETag and the running one is kept.
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "api/api-client.h"
#include "api/credentials.h"
#include "config/agent-config.h"
#include "config/last-known-good.h"
#include "config/local-config.h"
#include "core/status.h"

namespace pga::api {

struct ConfigCandidate {
  config::AgentConfig config;
  std::optional<config::RemoteConfig> remote;  // absent for the local file's configuration
  std::string source;                          // "api", "last known good", "local file"
};

class ConfigSync {
 public:
  ConfigSync(config::LocalConfig local, std::string agent_version, HttpOptions http = {});
  ~ConfigSync();
  ConfigSync(const ConfigSync&) = delete;
  ConfigSync& operator=(const ConfigSync&) = delete;

  // Blocks until there is a configuration to run (or `stop`). kInvalidArgument / kPermissionDenied mean the
  // local settings are wrong (no or refused bootstrap token): the agent exits with code 2.
  Expected<ConfigCandidate> start(const std::atomic<bool>& stop);

  void run_background();   // starts the worker thread
  void stop_background();  // wakes and joins it (also done by the destructor)

  // Engine thread: a newer validated configuration, at most once per version.
  std::optional<ConfigCandidate> take_update();
  void applied(const ConfigCandidate& candidate, const Status& status);

  std::string collector_id() const;

 private:
  Status ensure_registered();
  std::optional<ConfigCandidate> validate_remote(const config::RemoteConfig& remote);
  std::optional<ConfigCandidate> fallback();
  void poll_once();
  void heartbeat_once();
  void worker();

  config::LocalConfig local_;
  std::string agent_version_;
  ApiClient client_;

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool pull_now_ = false;
  bool beat_now_ = false;  // a new configuration runs: tell the API at once
  std::optional<Credentials> credentials_;
  std::optional<ConfigCandidate> pending_;
  std::string seen_etag_;               // sent as If-None-Match: an invalid version is not fetched again
  std::optional<int> applied_version_;  // reported in heartbeats
  // The last failure of each call: the same one again is logged at debug, not every poll for hours.
  std::string last_pull_error_;
  std::string last_beat_error_;
  int poll_s_ = 60;
  int heartbeat_s_ = 60;
  std::thread thread_;
};

}  // namespace pga::api
