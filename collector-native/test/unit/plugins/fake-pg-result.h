#pragma once
// A pg::Result built in memory (libpq's PQmakeEmptyPGresult/PQsetvalue), so the code that reads statistics
// views can be tested without a server. Every value is text, as the agent receives it; nullopt is NULL.
#include <libpq-fe.h>

#include <optional>
#include <string>
#include <vector>

#include "pg/result.h"

namespace pga::test_c {

using FakeRow = std::vector<std::optional<std::string>>;

inline pg::Result fake_result(const std::vector<std::string>& columns, const std::vector<FakeRow>& rows) {
  PGresult* res = PQmakeEmptyPGresult(nullptr, PGRES_TUPLES_OK);
  std::vector<std::string> names = columns;
  std::vector<PGresAttDesc> attrs(names.size());
  for (size_t i = 0; i < names.size(); ++i) {
    attrs[i] = PGresAttDesc{};
    attrs[i].name = names[i].data();
    attrs[i].typid = 25;  // text
    attrs[i].typlen = -1;
    attrs[i].atttypmod = -1;
  }
  PQsetResultAttrs(res, static_cast<int>(attrs.size()), attrs.data());
  for (size_t r = 0; r < rows.size(); ++r) {
    for (size_t c = 0; c < rows[r].size(); ++c) {
      std::string v = rows[r][c].value_or("");
      PQsetvalue(res, static_cast<int>(r), static_cast<int>(c), rows[r][c] ? v.data() : nullptr,
                 rows[r][c] ? static_cast<int>(v.size()) : -1);
    }
  }
  return pg::Result(res);
}

}  // namespace pga::test_c
