#pragma once
// The collector's identity after registration: its id and its collector token (pgac_…, shown by the API
// only once), kept in <state_dir>/collector.json with mode 0600. Losing it means registering again.
#include <optional>
#include <string>

#include "core/status.h"

namespace pga::api {

struct Credentials {
  std::string collector_id;
  std::string token;    // secret: never logged
  std::string api_url;  // the API that issued it (informational)
};

std::string credentials_path(const std::string& state_dir);

Status save_credentials(const std::string& state_dir, const Credentials& credentials);

// nullopt when the agent has not registered yet; an error when the file is unreadable or malformed.
Expected<std::optional<Credentials>> load_credentials(const std::string& state_dir);

}  // namespace pga::api
