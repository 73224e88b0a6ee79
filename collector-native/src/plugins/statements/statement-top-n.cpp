#include "plugins/statements/statement-top-n.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>
#include <tuple>

namespace pga::plugins::statements {
namespace {

double value(const StatementDelta& d, size_t counter) {
  const double v = d.values[counter];
  return std::isnan(v) ? 0 : v;
}

double total_time(const StatementDelta& d) { return value(d, kExecTime) + value(d, kPlanTime); }
double calls(const StatementDelta& d) { return value(d, kCalls); }
double io_blocks(const StatementDelta& d) {
  static constexpr std::array<size_t, 6> kIo = {
      counter_index("shared_blks_read"), counter_index("shared_blks_written"), counter_index("local_blks_read"),
      counter_index("local_blks_written"), counter_index("temp_blks_read"),    counter_index("temp_blks_written")};
  double sum = 0;
  for (size_t i : kIo) sum += value(d, i);
  return sum;
}

bool key_less(const StatementKey& a, const StatementKey& b) {
  return std::tie(a.dbid, a.userid, a.queryid, a.toplevel) < std::tie(b.dbid, b.userid, b.queryid, b.toplevel);
}

template <typename Metric>
std::vector<size_t> ranking(const StatementDeltas& changed, Metric metric) {
  std::vector<size_t> order(changed.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const StatementDelta& da = changed[a];
    const StatementDelta& db = changed[b];
    const double ma = metric(da);
    const double mb = metric(db);
    if (ma != mb) return ma > mb;
    return key_less(da.key, db.key);
  });
  return order;
}

}  // namespace

std::vector<size_t> select_top(const StatementDeltas& changed, size_t top_n) {
  const size_t count = changed.size();
  std::vector<size_t> out;
  if (count <= top_n) {
    out.resize(count);
    std::iota(out.begin(), out.end(), size_t{0});
    return out;
  }
  const std::array<std::vector<size_t>, 3> rankings = {ranking(changed, total_time), ranking(changed, calls),
                                                       ranking(changed, io_blocks)};
  static constexpr std::array<size_t, 4> kTurns = {0, 1, 0, 2};  // weights 2:1:1
  std::array<size_t, 3> next = {0, 0, 0};
  std::vector<bool> taken(count, false);
  out.reserve(top_n);
  for (size_t turn = 0; out.size() < top_n; ++turn) {
    const size_t r = kTurns[turn % kTurns.size()];
    const auto& order = rankings[r];
    while (next[r] < order.size() && taken[order[next[r]]]) ++next[r];
    if (next[r] == order.size()) continue;  // cannot happen before top_n < size() entries are taken
    taken[order[next[r]]] = true;
    out.push_back(order[next[r]]);
  }
  return out;
}

}  // namespace pga::plugins::statements
