#include "output/sender.h"

#include "core/log.h"

namespace pga::output {

Sender::Sender(Spool& spool, Transport& transport, uint64_t window_bytes, Backoff backoff)
    : spool_(spool), transport_(transport), window_bytes_(window_bytes), backoff_(std::move(backoff)) {}

void Sender::pump(int64_t now_ms) {
  if (rewind_pending_) {
    if (outstanding_ > 0) return;  // wait until every report is in: then nothing is in flight any more
    rewind(now_ms);
  }
  if (now_ms < resume_at_ms_) return;
  for (;;) {
    if (!pending_) {
      SpoolRecord record;
      auto got = spool_.read(&record);
      if (!got) {
        if (stats_.last_error != got.status().message()) {  // once per distinct error: pump runs often
          log::error("spool read failed; retrying", {{"error", got.status().message()}});
        }
        stats_.last_error = got.status().message();
        return;
      }
      if (!*got) return;
      pending_ = std::move(record);
    }
    const uint64_t bytes = pending_->payload.size();
    if (!in_flight_.empty() && in_flight_bytes_ + bytes > window_bytes_) return;  // window full
    const uint64_t token = next_token_;
    const Status sent = transport_.produce(pending_->topic, pending_->key, pending_->payload, token);
    if (!sent && sent.code() == StatusCode::kUnavailable) return;  // producer queue full: after the next poll
    ++next_token_;
    if (sent) {
      in_flight_.push_back({token, pending_->next, bytes, State::kSent});
      ++outstanding_;
    } else {
      ++stats_.rejected;
      log::error("batch rejected by the producer, skipped", {{"topic", pending_->topic}, {"bytes", bytes},
                                                             {"error", sent.message()}});
      in_flight_.push_back({token, pending_->next, bytes, State::kDone});
    }
    in_flight_bytes_ += bytes;
    pending_.reset();
    advance();
  }
}

void Sender::on_delivery(const DeliveryReport& report) {
  if (in_flight_.empty() || report.token < in_flight_.front().token ||
      report.token - in_flight_.front().token >= in_flight_.size()) {
    return;  // from before a rewind: already forgotten
  }
  InFlight& entry = in_flight_[report.token - in_flight_.front().token];
  if (entry.state != State::kSent) return;
  --outstanding_;
  switch (report.outcome) {
    case Delivery::kDelivered:
      entry.state = State::kDone;
      ++stats_.delivered;
      stats_.delivered_bytes += entry.bytes;
      if (!rewind_pending_) {
        backoff_.reset();
        if (outage_logged_) {
          log::info("Kafka delivers again; resending what the spool kept", {{"pending", spool_.stats().pending}});
          outage_logged_ = false;
        }
      }
      break;
    case Delivery::kRejected:
      entry.state = State::kDone;
      ++stats_.rejected;
      log::error("batch rejected by Kafka, skipped (it can never be delivered as it is)",
                 {{"bytes", entry.bytes}, {"error", report.error}});
      break;
    case Delivery::kRetry:
      entry.state = State::kFailed;
      stats_.last_error = report.error;
      if (!rewind_pending_) {
        const nlohmann::json fields = {{"error", report.error}, {"pending", spool_.stats().pending}};
        if (!outage_logged_) {
          log::warn("Kafka delivery failed; batches stay in the spool and are resent with backoff", fields);
          outage_logged_ = true;
        } else {
          log::debug("Kafka delivery failed again", fields);
        }
      }
      rewind_pending_ = true;
      break;
  }
  advance();
}

// Moves the spool's cursor over the delivered prefix of the window.
void Sender::advance() {
  while (!in_flight_.empty() && in_flight_.front().state == State::kDone) {
    spool_.acknowledge(in_flight_.front().next);
    in_flight_bytes_ -= in_flight_.front().bytes;
    in_flight_.pop_front();
  }
}

void Sender::rewind(int64_t now_ms) {
  in_flight_.clear();
  in_flight_bytes_ = 0;
  pending_.reset();
  spool_.rewind();
  rewind_pending_ = false;
  ++stats_.rewinds;
  resume_at_ms_ = now_ms + backoff_.next_ms();
  log::debug("resending from the spool cursor after backoff", {{"resume_in_ms", resume_at_ms_ - now_ms}});
}

bool Sender::idle() const { return in_flight_.empty() && !pending_ && !rewind_pending_ && !spool_.has_unread(); }

SenderStats Sender::stats(int64_t now_ms) const {
  SenderStats out = stats_;
  out.in_flight = outstanding_;
  out.in_flight_bytes = in_flight_bytes_;
  out.backoff_ms = resume_at_ms_ > now_ms ? resume_at_ms_ - now_ms : 0;
  return out;
}

}  // namespace pga::output
