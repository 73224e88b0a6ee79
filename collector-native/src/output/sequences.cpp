#include "output/sequences.h"

#include <nlohmann/json.hpp>

#include "core/files.h"
#include "core/log.h"

namespace pga::output {

Expected<std::unique_ptr<SequenceStore>> SequenceStore::open(const std::string& state_dir) {
  if (Status s = files::ensure_directory(state_dir); !s) return s;
  std::unique_ptr<SequenceStore> store(new SequenceStore(files::join(state_dir, "sequences.json")));
  auto text = files::read_all(store->path_, 16u << 20);
  if (!text) {
    if (text.status().code() != StatusCode::kNotFound) return text.status();
    return store;
  }
  const auto doc = nlohmann::json::parse(*text, nullptr, false);
  if (!doc.is_object() || !doc.contains("next") || !doc.at("next").is_object()) {
    log::warn("sequences file unreadable: numbering restarts at 1 (the ingest keys batches by collected_at too)",
              {{"path", store->path_}});
    return store;
  }
  for (const auto& [server, schemas] : doc.at("next").items()) {
    if (!schemas.is_object()) continue;
    for (const auto& [schema, next] : schemas.items()) {
      if (next.is_number_integer()) store->next_[server][schema] = next.get<int64_t>();
    }
  }
  return store;
}

int64_t SequenceStore::peek(const std::string& server_id, const std::string& schema) const {
  const auto server = next_.find(server_id);
  if (server == next_.end()) return 1;
  const auto it = server->second.find(schema);
  return it == server->second.end() ? 1 : it->second;
}

int64_t SequenceStore::reserve(const std::string& server_id, const std::string& schema, int64_t count,
                               Status* saved) {
  if (count < 1) count = 1;
  const int64_t first = peek(server_id, schema);
  next_[server_id][schema] = first + count;
  Status s = save();
  if (saved != nullptr) *saved = s;
  return first;
}

Status SequenceStore::save() const {
  nlohmann::json next = nlohmann::json::object();
  for (const auto& [server, schemas] : next_) {
    for (const auto& [schema, n] : schemas) next[server][schema] = n;
  }
  const nlohmann::json doc = {{"version", 1}, {"next", next}};
  return files::write_atomic(path_, doc.dump(1) + "\n", 0644);
}

}  // namespace pga::output
