#include "api/credentials.h"

#include <cctype>

#include <nlohmann/json.hpp>

#include "core/files.h"

namespace pga::api {
namespace {

// The API's collector id pattern (services/api/collectors/fields.ts): safe to put in a URL path as is.
bool valid_collector_id(const std::string& id) {
  if (id.empty() || id.size() > 128 || !std::isalnum(static_cast<unsigned char>(id[0]))) return false;
  for (char c : id)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.' && c != ':' && c != '-') return false;
  return true;
}

bool valid_token(const std::string& token) {
  if (token.empty() || token.size() > 1024) return false;
  for (char c : token)
    if (c <= ' ' || c == 0x7f) return false;
  return true;
}

}  // namespace

std::string credentials_path(const std::string& state_dir) { return files::join(state_dir, "collector.json"); }

Status save_credentials(const std::string& state_dir, const Credentials& credentials) {
  if (Status st = files::ensure_directory(state_dir); !st) return st;
  const nlohmann::json doc = {
      {"collector_id", credentials.collector_id}, {"token", credentials.token}, {"api_url", credentials.api_url}};
  return files::write_atomic(credentials_path(state_dir), doc.dump(2) + "\n", 0600);
}

Expected<std::optional<Credentials>> load_credentials(const std::string& state_dir) {
  const std::string path = credentials_path(state_dir);
  auto text = files::read_all(path, 64u << 10);
  if (!text) {
    if (text.status().code() == StatusCode::kNotFound) return std::optional<Credentials>();
    return text.status();
  }
  const auto doc = nlohmann::json::parse(*text, nullptr, false);
  Credentials c;
  if (doc.is_object()) {
    if (doc.contains("collector_id") && doc["collector_id"].is_string()) c.collector_id = doc["collector_id"].get<std::string>();
    if (doc.contains("token") && doc["token"].is_string()) c.token = doc["token"].get<std::string>();
    if (doc.contains("api_url") && doc["api_url"].is_string()) c.api_url = doc["api_url"].get<std::string>();
  }
  if (!valid_collector_id(c.collector_id) || !valid_token(c.token))
    return Status::invalid(path + " is damaged (no valid collector_id and token): delete it to register again");
  return std::optional<Credentials>(std::move(c));
}

}  // namespace pga::api
