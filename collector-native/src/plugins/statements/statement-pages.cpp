#include "plugins/statements/statement-pages.h"

#include <limits>
#include <vector>

#include "plugins/common/sql-arrays.h"
#include "plugins/statements/statements-sql.h"

namespace pga::plugins::statements {
namespace {

constexpr const char* kGaugeFields[kGauges] = {"min_exec_time_ms", "max_exec_time_ms", "mean_exec_time_ms",
                                               "stddev_exec_time_ms"};

StatementKey parse_key(const pg::Result& page, int row) {
  StatementKey k;
  k.dbid = static_cast<uint32_t>(page.i64(row, "dbid").value_or(0));
  k.userid = static_cast<uint32_t>(page.i64(row, "userid").value_or(0));
  k.queryid = page.i64(row, "queryid").value_or(0);
  const auto top = page.boolean(row, "toplevel");
  k.toplevel = top ? static_cast<int8_t>(*top ? 1 : 0) : static_cast<int8_t>(-1);
  return k;
}

}  // namespace

void parse_sample(const stats::RowReader& reader, int row, StatementSample* s) {
  const pg::Result& page = reader.result();
  s->key = parse_key(page, row);
  reader.counters(row, s->counters.data());
  for (size_t g = 0; g < kGauges; ++g) s->gauges[g] = page.f64(row, kGaugeFields[g]).value_or(stats::kNull);
  s->stats_since_us = page.i64(row, "stats_since_us").value_or(kNoTime);
}

Status read_all_pages(pg::Connection& conn, const std::string& page_sql, const OwnStatements& own,
                      const std::function<void(const StatementSample&)>& each) {
  std::vector<int64_t> own_ids;
  if (own.queryids) own_ids.assign(own.queryids->begin(), own.queryids->end());
  std::vector<pg::Param> params = {
      own.role_oid ? pg::Param(std::to_string(*own.role_oid)) : pg::Param(),
      array_literal(own_ids),
      std::string("0"),
      std::string("0"),
      std::to_string(std::numeric_limits<int64_t>::min()),
      std::string("false"),
      std::to_string(kPageRows),
  };
  while (true) {
    auto page = conn.query(page_sql, params);
    if (!page) return page.status();
    const int rows = page->rows();
    const stats::RowReader reader(*page, stats::columns_of(kStatementColumns));
    StatementSample s;
    for (int i = 0; i < rows; ++i) {
      parse_sample(reader, i, &s);
      each(s);
    }
    if (rows < kPageRows) return Status::ok();
    // The next page starts after the last key of this one (toplevel is the constant true before PG14).
    params[2] = std::to_string(s.key.dbid);
    params[3] = std::to_string(s.key.userid);
    params[4] = std::to_string(s.key.queryid);
    params[5] = std::string(s.key.toplevel == 0 ? "false" : "true");
  }
}

}  // namespace pga::plugins::statements
