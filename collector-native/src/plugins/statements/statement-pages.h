#pragma once
// Reads every pg_stat_statements entry in pages (statements-sql.h) and hands each one, parsed, to a callback:
// the plugin keeps no more than one page of libpq result however large pg_stat_statements.max is.
#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>

#include "core/status.h"
#include "pg/connection.h"
#include "pg/result.h"
#include "plugins/common/stat-columns.h"
#include "plugins/statements/statement-state.h"

namespace pga::plugins::statements {

// The agent's own statements, left out in SQL.
struct OwnStatements {
  std::optional<int64_t> role_oid;
  const std::set<int64_t>* queryids = nullptr;
};

// Parses row `row` of a page (columns named as in kStatementColumns, plus stats_since_us).
void parse_sample(const stats::RowReader& page, int row, StatementSample* out);

// Calls `each` for every entry; stops at the first failing query.
Status read_all_pages(pg::Connection& conn, const std::string& page_sql, const OwnStatements& own,
                      const std::function<void(const StatementSample&)>& each);

}  // namespace pga::plugins::statements
