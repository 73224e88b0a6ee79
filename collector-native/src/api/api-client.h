#pragma once
// The agent's side of the collector API (docs/collector-config.md; routes in services/api/routes/
// collector-registration.ts, collector-config.ts, collector-heartbeat.ts):
//   POST /api/v1/collectors/register           Bearer <bootstrap token>  → 201 {collector_id, token, ...}
//   GET  /api/v1/config/{id}  If-None-Match    Bearer <collector token>  → 200 + ETag + Pga-Config-Version / 304
//   POST /api/v1/collectors/{id}/heartbeat     Bearer <collector token>  → 200 {config_version, config_etag, ...}
// Each answer is interpreted by a pure function (parse_*), so the status-code handling is unit-tested
// without a server. A refused token (401) becomes kPermissionDenied with what to do; tokens never appear in
// messages.
#include <optional>
#include <string>

#include "api/credentials.h"
#include "api/http-client.h"
#include "config/last-known-good.h"
#include "core/status.h"

namespace pga::api {

struct RegisterRequest {
  std::string name;
  std::string hostname;
  std::string agent_version;
};

struct Registration {
  std::string collector_id;
  std::string token;
  int config_version = 0;
  std::string config_etag;
};

struct PullResult {
  bool modified = false;          // false: 304, the configuration behind If-None-Match is current
  config::RemoteConfig remote;    // when modified
};

struct HeartbeatRequest {
  std::string agent_version;
  std::string hostname;
  std::optional<int> config_version;  // the version running (absent while a local configuration runs)
};

struct HeartbeatReply {
  std::optional<int> config_version;
  std::optional<std::string> config_etag;
};

Expected<Registration> parse_registration(const HttpResponse& response);
Expected<PullResult> parse_pull(const HttpResponse& response, const std::string& state_dir);
Expected<HeartbeatReply> parse_heartbeat(const HttpResponse& response, const std::string& state_dir);
// An error answer as a Status: the API's {"error": {"code", "message"}} for people, the status for retry.
Status error_status(const HttpResponse& response, const std::string& what);

class ApiClient {
 public:
  // `base_url` without the trailing slash (http://127.0.0.1:8080); `state_dir` only names files in messages.
  ApiClient(std::string base_url, std::string state_dir, HttpOptions options = {});

  Expected<Registration> register_collector(const std::string& bootstrap_token, const RegisterRequest& request);
  Expected<PullResult> pull_config(const Credentials& credentials, const std::string& if_none_match);
  Expected<HeartbeatReply> heartbeat(const Credentials& credentials, const HeartbeatRequest& request);
  // GET /api/v1/health: whether the API answers at all (for --check).
  Status health();
  // For --check: is the bootstrap token accepted, without registering? An empty body is refused (400)
  // only after the token was checked (401/403 before), so 400 means "token valid".
  Status probe_bootstrap_token(const std::string& bootstrap_token);

  const std::string& base_url() const { return base_url_; }

 private:
  std::string base_url_;
  std::string state_dir_;
  HttpClient http_;
};

}  // namespace pga::api
