#include "api/api-client.h"

#include <cstdlib>

#include <nlohmann/json.hpp>

namespace pga::api {
namespace {

std::string api_message(const HttpResponse& response) {
  const auto doc = nlohmann::json::parse(response.body, nullptr, false);
  if (doc.is_object() && doc.contains("error") && doc["error"].is_object()) {
    const auto& e = doc["error"];
    if (e.contains("message") && e["message"].is_string()) return e["message"].get<std::string>();
  }
  return "";
}

std::optional<std::string> string_field(const nlohmann::json& doc, const char* key) {
  if (doc.contains(key) && doc[key].is_string()) return doc[key].get<std::string>();
  return std::nullopt;
}

std::optional<int> int_field(const nlohmann::json& doc, const char* key) {
  if (doc.contains(key) && doc[key].is_number_integer()) return doc[key].get<int>();
  return std::nullopt;
}

// What to do when the API refuses the collector token: it was revoked, or the collector deregistered.
Status token_refused(const HttpResponse& response, const std::string& what, const std::string& state_dir) {
  const std::string msg = api_message(response);
  return Status::error(
      StatusCode::kPermissionDenied,
      what + ": the API refused the collector token (" + std::to_string(response.status) +
          (msg.empty() ? "" : " " + msg) +
          "): it was revoked or the collector was deregistered. Reactivate the collector and issue a new token "
          "(POST /api/v1/collectors/{id}/tokens) into " + credentials_path(state_dir) +
          ", or delete that file and restart the agent with a bootstrap token to register again");
}

}  // namespace

Status error_status(const HttpResponse& response, const std::string& what) {
  const std::string msg = api_message(response);
  const std::string text = what + ": HTTP " + std::to_string(response.status) + (msg.empty() ? "" : ": " + msg);
  switch (response.status) {
    case 400:
    case 413:
      return Status::invalid(text);
    case 401:
    case 403:
      return Status::error(StatusCode::kPermissionDenied, text);
    case 404:
      return Status::not_found(text);
    case 408:
    case 429:
      return Status::unavailable(text);
    default:
      return response.status >= 500 ? Status::unavailable(text) : Status::internal(text);
  }
}

Expected<Registration> parse_registration(const HttpResponse& response) {
  if (response.status == 401)
    return Status::error(StatusCode::kPermissionDenied,
                         "registration: the bootstrap token was refused (" + api_message(response) +
                             "): check api.bootstrap_token_env / api.bootstrap_token_file or PGA_AGENT_BOOTSTRAP_TOKEN");
  if (response.status != 201 && response.status != 200) return error_status(response, "registration");
  const auto doc = nlohmann::json::parse(response.body, nullptr, false);
  Registration r;
  if (doc.is_object()) {
    r.collector_id = string_field(doc, "collector_id").value_or("");
    r.token = string_field(doc, "token").value_or("");
    r.config_version = int_field(doc, "config_version").value_or(0);
    r.config_etag = string_field(doc, "config_etag").value_or("");
  }
  if (r.collector_id.empty() || r.token.empty())
    return Status::internal("registration: the API's answer has no collector_id and token");
  return r;
}

Expected<PullResult> parse_pull(const HttpResponse& response, const std::string& state_dir) {
  PullResult out;
  if (response.status == 304) return out;
  if (response.status == 401) return token_refused(response, "configuration pull", state_dir);
  if (response.status != 200) return error_status(response, "configuration pull");
  auto doc = nlohmann::json::parse(response.body, nullptr, false);
  if (doc.is_discarded() || !doc.is_object())
    return Status::internal("configuration pull: the answer is not a JSON object");
  out.modified = true;
  out.remote.config = std::move(doc);
  out.remote.etag = response.header("etag");
  const std::string version = response.header("pga-config-version");
  out.remote.version = version.empty() ? 0 : std::atoi(version.c_str());
  return out;
}

Expected<HeartbeatReply> parse_heartbeat(const HttpResponse& response, const std::string& state_dir) {
  if (response.status == 401) return token_refused(response, "heartbeat", state_dir);
  if (response.status != 200) return error_status(response, "heartbeat");
  const auto doc = nlohmann::json::parse(response.body, nullptr, false);
  HeartbeatReply r;
  if (doc.is_object()) {
    r.config_version = int_field(doc, "config_version");
    r.config_etag = string_field(doc, "config_etag");
  }
  return r;
}

ApiClient::ApiClient(std::string base_url, std::string state_dir, HttpOptions options)
    : base_url_(std::move(base_url)), state_dir_(std::move(state_dir)), http_(std::move(options)) {}

Expected<Registration> ApiClient::register_collector(const std::string& bootstrap_token,
                                                     const RegisterRequest& request) {
  HttpRequest req;
  req.method = "POST";
  req.url = base_url_ + "/api/v1/collectors/register";
  req.bearer_token = bootstrap_token;
  req.body = nlohmann::json{{"name", request.name}, {"hostname", request.hostname},
                            {"agent_version", request.agent_version}}
                 .dump();
  auto response = http_.send(req);
  if (!response) return response.status();
  return parse_registration(*response);
}

Expected<PullResult> ApiClient::pull_config(const Credentials& credentials, const std::string& if_none_match) {
  HttpRequest req;
  req.url = base_url_ + "/api/v1/config/" + credentials.collector_id;
  req.bearer_token = credentials.token;
  if (!if_none_match.empty()) req.headers.emplace_back("If-None-Match", if_none_match);
  auto response = http_.send(req);
  if (!response) return response.status();
  return parse_pull(*response, state_dir_);
}

Expected<HeartbeatReply> ApiClient::heartbeat(const Credentials& credentials, const HeartbeatRequest& request) {
  HttpRequest req;
  req.method = "POST";
  req.url = base_url_ + "/api/v1/collectors/" + credentials.collector_id + "/heartbeat";
  req.bearer_token = credentials.token;
  nlohmann::json body = {{"agent_version", request.agent_version}, {"hostname", request.hostname}};
  if (request.config_version && *request.config_version >= 1) body["config_version"] = *request.config_version;
  req.body = body.dump();
  auto response = http_.send(req);
  if (!response) return response.status();
  return parse_heartbeat(*response, state_dir_);
}

Status ApiClient::health() {
  HttpRequest req;
  req.url = base_url_ + "/api/v1/health";
  auto response = http_.send(req);
  if (!response) return response.status();
  if (response->status != 200) return error_status(*response, "health");
  return Status::ok();
}

Status ApiClient::probe_bootstrap_token(const std::string& bootstrap_token) {
  HttpRequest req;
  req.method = "POST";
  req.url = base_url_ + "/api/v1/collectors/register";
  req.bearer_token = bootstrap_token;
  req.body = "{}";
  auto response = http_.send(req);
  if (!response) return response.status();
  if (response->status == 400) return Status::ok();
  if (response->status == 401)
    return Status::error(StatusCode::kPermissionDenied, "the bootstrap token was refused: " + api_message(*response));
  return error_status(*response, "registration probe");
}

}  // namespace pga::api
