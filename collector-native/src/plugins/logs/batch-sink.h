#pragma once
// The plugin's EventSink: each parsed event is processed (own events left out, classified, redacted,
// capped) and written at once as a row of the logs.v1 batch — the batch holds encoded rows, not events, so
// memory stays small. Full at kMaxEventsPerBatch rows or kMaxBatchBytes of encoded rows.
#include <cstdint>
#include <string>

#include "avro/batch.h"
#include "plugins/logs/event-processor.h"
#include "plugins/logs/record-parser.h"

namespace pga::plugins::logs {

void write_event(avro::Batch& batch, const LogEvent& ev);

// An event of the agent itself (backend_type "pga-agent"), e.g. to say that log bytes were skipped.
LogEvent agent_notice(int64_t time_us, std::string message);

class BatchSink : public EventSink {
 public:
  BatchSink(avro::Batch* batch, ProcessOptions options, size_t max_events, size_t max_bytes)
      : batch_(batch), options_(options), max_events_(max_events), max_bytes_(max_bytes) {}

  void event(LogEvent&& ev) override;
  bool full() const override { return events_ >= max_events_ || batch_->encoded_row_bytes() >= max_bytes_; }

  size_t events() const { return events_; }
  size_t own_events() const { return own_; }

 private:
  avro::Batch* batch_;
  ProcessOptions options_;
  size_t max_events_;
  size_t max_bytes_;
  size_t events_ = 0;
  size_t own_ = 0;
};

}  // namespace pga::plugins::logs
