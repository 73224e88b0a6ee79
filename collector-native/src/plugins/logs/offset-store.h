#pragma once
// Read offsets of the followed log files, saved in the agent's state directory so that a restart continues
// where the previous run stopped (nothing read twice, nothing skipped while the agent was down). One small
// JSON file per instance: {"version":1,"files":[{"path","dev","ino","offset","prefix_len","prefix_hash"}]},
// written to a temporary file and renamed, so a crash leaves the old or the new file, never half of one.
#include <string>
#include <vector>

#include "core/status.h"
#include "plugins/logs/file-follower.h"

namespace pga::plugins::logs {

// A missing file is an empty state (the first run); a corrupt one is an error the caller logs and ignores.
Expected<std::vector<CursorState>> load_offsets(const std::string& file);
Status save_offsets(const std::string& file, const std::vector<CursorState>& states);

}  // namespace pga::plugins::logs
