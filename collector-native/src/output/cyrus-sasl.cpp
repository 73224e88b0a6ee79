#include "output/cyrus-sasl.h"

#include <cstdlib>

namespace pga::output {

void skip_cyrus_sasl_plugins() {
  // Cyrus's default path callback reads SASL_PATH; a missing directory means no plugins, not an error.
  setenv("SASL_PATH", "/nonexistent/pga-agent/no-cyrus-plugins", /*overwrite=*/0);
}

}  // namespace pga::output
