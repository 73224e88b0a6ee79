#include "plugins/statements/statement-deltas.h"

namespace pga::plugins::statements {

void StatementDeltas::push_back(const StatementDelta& d) {
  if (size_ % kChunk == 0) {
    chunks_.push_back(std::make_unique<std::vector<StatementDelta>>());
    chunks_.back()->reserve(kChunk);
  }
  chunks_.back()->push_back(d);
  ++size_;
}

void StatementDeltas::release_below(size_t index) {
  for (size_t c = 0; c < index / kChunk && c < chunks_.size(); ++c) chunks_[c].reset();
}

}  // namespace pga::plugins::statements
