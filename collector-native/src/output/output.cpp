#include "output/output.h"

#include <chrono>

#include "core/log.h"
#include "output/kafka-settings.h"
#include "output/kafka-transport.h"

namespace pga::output {

int64_t steady_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

Expected<std::unique_ptr<Output>> Output::open(const config::KafkaConfig& kafka, const config::SpoolConfig& spool,
                                               std::unique_ptr<Transport> transport) {
  std::unique_ptr<Output> out(new Output());
  SpoolOptions options;
  options.path = spool.path;
  options.max_bytes = spool.max_bytes;
  options.drop_oldest = spool.on_full != "drop_newest";
  auto opened = Spool::open(options);
  if (!opened) return opened.status();
  out->spool_ = std::move(*opened);
  if (!transport) {
    auto settings = kafka_settings(kafka, spool);
    if (!settings) return settings.status();
    auto producer = KafkaTransport::create(std::move(*settings));
    if (!producer) return producer.status();
    transport = std::move(*producer);
  }
  out->transport_ = std::move(transport);
  out->sender_ = std::make_unique<Sender>(*out->spool_, *out->transport_, static_cast<uint64_t>(spool.memory_max_bytes));
  Sender* sender = out->sender_.get();
  out->transport_->set_delivery_callback([sender](const DeliveryReport& r) { sender->on_delivery(r); });
  out->sender_->pump(steady_now_ms());  // what the last run left in the spool goes first
  return out;
}

Output::~Output() {
  if (transport_) transport_->set_delivery_callback({});
  if (spool_) (void)spool_->sync();
}

Status Output::submit(const std::string& topic, std::string_view key, std::string payload) {
  Status appended = spool_->append(topic, key, payload);
  std::string().swap(payload);
  sender_->pump(steady_now_ms());
  return appended;
}

void Output::poll(int timeout_ms) {
  transport_->poll(timeout_ms);
  const int64_t now = steady_now_ms();
  sender_->pump(now);
  maybe_sync(now);
}

void Output::maybe_sync(int64_t now_ms) {
  if (now_ms - last_sync_ms_ < 1000) return;
  last_sync_ms_ = now_ms;
  if (Status s = spool_->sync(); !s) log::error("spool sync failed", {{"error", s.message()}});
}

Status Output::flush(int timeout_ms) {
  const int64_t deadline = steady_now_ms() + timeout_ms;
  for (;;) {
    const int64_t now = steady_now_ms();
    sender_->pump(now);
    if (sender_->idle() || now >= deadline) break;
    transport_->poll(static_cast<int>(std::min<int64_t>(100, deadline - now)));
  }
  Status synced = spool_->sync();
  if (!synced) return synced;
  const SpoolStats st = spool_->stats();
  if (st.pending > 0) {
    return Status::error(StatusCode::kTimeout, std::to_string(st.pending) + " batches not acknowledged by Kafka; kept in the spool");
  }
  return Status::ok();
}

nlohmann::json Output::stats() const {
  const SenderStats s = sender_->stats(steady_now_ms());
  const SpoolStats sp = spool_->stats();
  return {{"delivered", s.delivered},
          {"delivered_bytes", s.delivered_bytes},
          {"rejected", s.rejected},
          {"rewinds", s.rewinds},
          {"in_flight", s.in_flight},
          {"in_flight_bytes", s.in_flight_bytes},
          {"backoff_ms", s.backoff_ms},
          {"last_error", s.last_error},
          {"spool",
           {{"pending", sp.pending},
            {"disk_bytes", sp.disk_bytes},
            {"segments", sp.segments},
            {"appended", sp.appended},
            {"dropped_oldest", sp.dropped_oldest},
            {"dropped_newest", sp.dropped_newest},
            {"corrupt", sp.corrupt}}}};
}

}  // namespace pga::output
