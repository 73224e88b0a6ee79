#pragma once
// Moves records from the spool to the transport and acknowledges them back (the in-memory queue of the
// issue): at most `window_bytes` of payload in flight; the spool's cursor advances only over a contiguous
// prefix of delivered records, so a crash never skips an undelivered one. A failed delivery stops the
// reading; once every report in flight is in, reading rewinds to the cursor and resumes after a capped,
// jittered backoff (1 s → 60 s). Records the brokers can never accept are counted, logged and passed over.
#include <cstdint>
#include <deque>
#include <optional>
#include <string>

#include "core/backoff.h"
#include "output/spool.h"
#include "output/transport.h"

namespace pga::output {

struct SenderStats {
  uint64_t delivered = 0;
  uint64_t delivered_bytes = 0;
  uint64_t rejected = 0;  // records passed over as undeliverable
  uint64_t rewinds = 0;   // delivery failures that made the sender resend from the cursor
  uint64_t in_flight = 0;
  uint64_t in_flight_bytes = 0;
  int64_t backoff_ms = 0;  // left before reading resumes (0 when sending)
  std::string last_error;
};

class Sender {
 public:
  Sender(Spool& spool, Transport& transport, uint64_t window_bytes, Backoff backoff = Backoff(1000, 60000));
  Sender(const Sender&) = delete;
  Sender& operator=(const Sender&) = delete;

  // Hands records to the transport while the window has room. `now_ms`: a steady clock.
  void pump(int64_t now_ms);
  // The transport's delivery callback.
  void on_delivery(const DeliveryReport& report);

  // Nothing in flight and nothing left to read.
  bool idle() const;
  SenderStats stats(int64_t now_ms) const;

 private:
  enum class State { kSent, kDone, kFailed };
  struct InFlight {
    uint64_t token;
    SpoolPosition next;
    uint64_t bytes;
    State state;
  };
  void advance();
  void rewind(int64_t now_ms);

  Spool& spool_;
  Transport& transport_;
  uint64_t window_bytes_;
  Backoff backoff_;
  std::deque<InFlight> in_flight_;  // tokens consecutive, oldest first
  uint64_t in_flight_bytes_ = 0;
  uint64_t outstanding_ = 0;  // handed over, report not yet received
  uint64_t next_token_ = 1;
  std::optional<SpoolRecord> pending_;  // read from the spool, refused by a full producer queue
  bool rewind_pending_ = false;
  bool outage_logged_ = false;
  int64_t resume_at_ms_ = 0;
  SenderStats stats_;
};

}  // namespace pga::output
