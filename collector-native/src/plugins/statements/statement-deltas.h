#pragma once
// The changed entries of one sample, in read order, kept in chunks so they can be let go while their rows
// are written: a sample of 5,000 deltas is ~1.5 MB, and holding all of it until the ~1 MB of encoded rows
// was complete made the agent's peak memory. Rows are written in index order, and every chunk whose
// entries are all written is freed (release_below).
#include <cstddef>
#include <memory>
#include <vector>

#include "plugins/statements/statement-state.h"

namespace pga::plugins::statements {

class StatementDeltas {
 public:
  static constexpr size_t kChunk = 256;

  void push_back(const StatementDelta& d);
  size_t size() const { return size_; }
  // Valid for indices not yet released.
  const StatementDelta& operator[](size_t i) const { return (*chunks_[i / kChunk])[i % kChunk]; }
  // Frees every chunk that holds only indices below `index`.
  void release_below(size_t index);

 private:
  std::vector<std::unique_ptr<std::vector<StatementDelta>>> chunks_;
  size_t size_ = 0;
};

}  // namespace pga::plugins::statements
