#include "plugins/logs/offset-store.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace pga::plugins::logs {
namespace {

bool read_u64(const nlohmann::json& obj, const char* key, uint64_t* out) {
  const auto it = obj.find(key);
  if (it == obj.end() || !it->is_number_unsigned()) return false;
  *out = it->get<uint64_t>();
  return true;
}

}  // namespace

Expected<std::vector<CursorState>> load_offsets(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  std::vector<CursorState> states;
  if (!in) {
    if (errno == ENOENT) return states;
    return Status::unavailable("logs: cannot read " + file + ": " + std::strerror(errno));
  }
  std::stringstream text;
  text << in.rdbuf();
  const auto doc = nlohmann::json::parse(text.str(), nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("files") || !doc["files"].is_array())
    return Status::invalid("logs: " + file + " is not a state file of this agent");
  for (const auto& f : doc["files"]) {
    if (!f.is_object() || !f.contains("path") || !f["path"].is_string()) continue;
    CursorState s;
    s.path = f["path"].get<std::string>();
    if (!read_u64(f, "dev", &s.dev) || !read_u64(f, "ino", &s.ino) || !read_u64(f, "offset", &s.offset)) continue;
    read_u64(f, "prefix_len", &s.prefix_len);
    read_u64(f, "prefix_hash", &s.prefix_hash);
    states.push_back(std::move(s));
  }
  return states;
}

Status save_offsets(const std::string& file, const std::vector<CursorState>& states) {
  nlohmann::json files = nlohmann::json::array();
  for (const auto& s : states) {
    files.push_back({{"path", s.path},
                     {"dev", s.dev},
                     {"ino", s.ino},
                     {"offset", s.offset},
                     {"prefix_len", s.prefix_len},
                     {"prefix_hash", s.prefix_hash}});
  }
  const nlohmann::json doc = {{"version", 1}, {"files", files}};
  const std::string tmp = file + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return Status::unavailable("logs: cannot write " + tmp + ": " + std::strerror(errno));
    out << doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    out.flush();
    if (!out) return Status::unavailable("logs: cannot write " + tmp + ": " + std::strerror(errno));
  }
  if (std::rename(tmp.c_str(), file.c_str()) != 0)
    return Status::unavailable("logs: cannot replace " + file + ": " + std::strerror(errno));
  return Status::ok();
}

}  // namespace pga::plugins::logs
