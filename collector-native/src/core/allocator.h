#pragma once

namespace pga {

// Tunes glibc's allocator for a small, long-lived agent: a collection allocates a few MB (a page of
// pg_stat_statements, encoded batches) and frees it at once. By default glibc keeps such memory (one arena
// per thread, a dynamic mmap threshold that grows past those sizes, a high trim threshold), so the resident
// size ratchets up to the largest collection ever seen. With few arenas, large blocks served by mmap and an
// eager trim, what a collection frees goes back to the system. Called once, first thing in main().
void tune_allocator();

}  // namespace pga
