#pragma once
// The installed pg_stat_statements extension, as the statements and querytexts plugins read it: its schema
// and the columns of its view. Columns come from the installed extension, not from the server version:
// after pg_upgrade the extension stays at its old version (and its function returns the old columns) until
// ALTER EXTENSION ... UPDATE. Failures are explained with what to change.
#include <set>
#include <string>

#include "core/status.h"
#include "pg/connection.h"

namespace pga::plugins::pgss {

struct Extension {
  std::string schema;             // quote_ident() of the extension's schema, ready for SQL
  std::string version;            // extversion, e.g. "1.11"
  std::set<std::string> columns;  // columns of its pg_stat_statements view
  bool has_info = false;          // pg_stat_statements_info exists (1.9+)
};

// not_found, saying what to do, when the extension is not created in the database the agent connects to.
Expected<Extension> read_extension(pg::Connection& conn);

// A failure of the pg_stat_statements function explained: "not loaded" becomes what to change.
Status explain_failure(const Status& status);

}  // namespace pga::plugins::pgss
