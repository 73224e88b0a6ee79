// From a plugin's batch to Kafka messages: checked, encoded (split at kafka.message_max_bytes), numbered
// per (server_id, schema) and appended to the output's spool; what goes wrong is counted and logged once.
#include "core/log.h"
#include "engine/engine-impl.h"

namespace pga::engine {

void EngineImpl::log_batch_problem(const std::string& message) {
  if (message != last_batch_problem_) {
    log::error("batch dropped", {{"error", message}});
    last_batch_problem_ = message;
  } else {
    log::debug("batch dropped", {{"error", message}});
  }
}

void EngineImpl::publish(avro::Batch& batch) {
  if (!batch.status()) {
    ++counters_.invalid;
    log_batch_problem("a plugin built an invalid batch (a bug, please report): " + batch.status().message());
    return;
  }
  if (!output_ || !sequences_) {
    ++counters_.dropped;
    log_batch_problem("no working output (Kafka producer and spool); see the earlier error");
    return;
  }
  const std::string& schema = batch.schema().name();
  const std::string server_id = batch.envelope().server_id;
  const int64_t first = sequences_->peek(server_id, schema);
  auto messages = batch.encode(static_cast<size_t>(config_.kafka.message_max_bytes), first);
  if (!messages) {
    ++counters_.invalid;
    log_batch_problem(schema + ": " + messages.status().message());
    return;
  }
  // The encoded rows are in the messages now: free the batch's copy before the spool makes another.
  batch = avro::Batch(&batch.schema());
  Status saved;
  sequences_->reserve(server_id, schema, static_cast<int64_t>(messages->size()), &saved);
  if (!saved && saved.message() != last_sequence_problem_) {
    log::warn("cannot save sequence numbers; a restart may reuse some (the ingest tells them apart by time)",
              {{"error", saved.message()}});
    last_sequence_problem_ = saved.message();
  }
  const std::string topic = config_.kafka.topic_prefix + "." + schema;
  ++counters_.batches;
  for (std::string& message : *messages) {
    const size_t bytes = message.size();
    const Status submitted = output_->submit(topic, server_id, std::move(message));
    if (submitted) {
      ++counters_.messages;
      counters_.bytes += bytes;
    } else {
      ++counters_.dropped;
      log_batch_problem(topic + ": the spool refused it: " + submitted.message());
    }
  }
}

}  // namespace pga::engine
