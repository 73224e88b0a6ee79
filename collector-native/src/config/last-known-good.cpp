#include "config/last-known-good.h"

#include "core/files.h"

namespace pga::config {

std::string last_known_good_path(const std::string& state_dir) {
  return files::join(state_dir, "last-known-good.json");
}

Status save_last_known_good(const std::string& state_dir, const RemoteConfig& remote) {
  if (Status st = files::ensure_directory(state_dir); !st) return st;
  const nlohmann::json doc = {{"etag", remote.etag}, {"version", remote.version}, {"config", remote.config}};
  return files::write_atomic(last_known_good_path(state_dir), doc.dump(2) + "\n", 0600);
}

Expected<std::optional<RemoteConfig>> load_last_known_good(const std::string& state_dir) {
  const std::string path = last_known_good_path(state_dir);
  auto text = files::read_all(path);
  if (!text) {
    if (text.status().code() == StatusCode::kNotFound) return std::optional<RemoteConfig>();
    return text.status();
  }
  auto doc = nlohmann::json::parse(*text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("config") || !doc["config"].is_object())
    return Status::invalid(path + " is not a saved configuration (delete it: the API's one is pulled again)");
  RemoteConfig remote;
  remote.config = doc["config"];
  // Read without value<T>(): it throws on a mistyped field, and nothing here may throw.
  if (doc.contains("etag") && doc["etag"].is_string()) remote.etag = doc["etag"].get<std::string>();
  if (doc.contains("version") && doc["version"].is_number_integer()) remote.version = doc["version"].get<int>();
  return std::optional<RemoteConfig>(std::move(remote));
}

}  // namespace pga::config
