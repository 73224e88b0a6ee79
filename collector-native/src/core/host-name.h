#pragma once
#include <string>

namespace pga {

// The machine's host name (gethostname), "localhost" when it cannot be read.
std::string local_host_name();

}  // namespace pga
