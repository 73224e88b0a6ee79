#pragma once
// The cap on statement rows per sample (option top_n). When more entries changed than the cap, the rows
// sent are the union of three rankings of the interval's deltas, taken in turn with weights 2:1:1:
//   1. total time (execution + planning) — where the server's time goes, so it gets half the slots;
//   2. calls — cheap but very frequent statements, which time alone would drop;
//   3. I/O blocks (shared/local/temp read + written) — statements that hit the disk.
// An entry high in several rankings takes one slot. Ties go to the smaller key, so the choice is stable.
// The info row says how many entries were read and sent; the plugin logs how many changed ones were left out.
#include <cstddef>
#include <vector>

#include "plugins/statements/statement-deltas.h"

namespace pga::plugins::statements {

// Indices into `changed` of the entries to send, all of them when there are at most `top_n`; in ranking order.
std::vector<size_t> select_top(const StatementDeltas& changed, size_t top_n);

}  // namespace pga::plugins::statements
