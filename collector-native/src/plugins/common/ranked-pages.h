#pragma once
// A capped read in two steps (tables, indexes): a cheap ranking query returns the ids kept by the cap, then
// the statistics of those ids are read in pages, so the libpq result held at a time is one page whatever
// the cap, and the server never computes statistics for what is left out.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/status.h"
#include "pg/connection.h"
#include "plugins/common/sql-arrays.h"

namespace pga::plugins {

// `ranking_sql` takes $1 = cap and returns the ids in its first column; `page_sql` takes $1 = ids (oid[]).
inline Status read_ranked_pages(pg::Connection& conn, const char* ranking_sql, int64_t cap,
                                const std::string& page_sql, size_t page_size,
                                const std::function<void(const pg::Result&)>& each) {
  auto ranked = conn.query(ranking_sql, {std::to_string(cap)});
  if (!ranked) return ranked.status();
  std::vector<int64_t> ids;
  ids.reserve(static_cast<size_t>(ranked->rows()));
  for (int i = 0; i < ranked->rows(); ++i) ids.push_back(ranked->i64(i, 0).value_or(0));
  ranked = pg::Result();  // free the ranking before reading pages
  for (size_t begin = 0; begin < ids.size(); begin += page_size) {
    auto page = conn.query(page_sql, {array_literal(ids, begin, begin + page_size)});
    if (!page) return page.status();
    each(*page);
  }
  return Status::ok();
}

}  // namespace pga::plugins
