#pragma once
// What the sender needs from a message producer: hand over a message with a token, and later hear, for
// every token, whether it was delivered. Kafka (kafka-transport.h) in the agent; a fake in the unit tests.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace pga::output {

enum class Delivery {
  kDelivered,  // acknowledged by the brokers (acks=all)
  kRetry,      // not delivered this time (broker down, timeout, producer reset): send again later
  kRejected,   // can never be delivered as it is (e.g. larger than the broker accepts)
};

struct DeliveryReport {
  uint64_t token = 0;
  Delivery outcome = Delivery::kDelivered;
  std::string error;  // empty when delivered
};

class Transport {
 public:
  using DeliveryCallback = std::function<void(const DeliveryReport&)>;
  virtual ~Transport() = default;

  // Queues one message. ok: a report for `token` will follow. kUnavailable: the producer's queue is full,
  // try again after poll(); no report follows. Another code: rejected at once, no report follows.
  virtual Status produce(const std::string& topic, std::string_view key, std::string_view payload,
                         uint64_t token) = 0;
  // Serves delivery reports (through the callback) for up to `timeout_ms`.
  virtual void poll(int timeout_ms) = 0;
  // Waits up to `timeout_ms` until every queued message has its report.
  virtual void flush(int timeout_ms) = 0;

  void set_delivery_callback(DeliveryCallback callback) { on_delivery_ = std::move(callback); }

 protected:
  void report(const DeliveryReport& r) {
    if (on_delivery_) on_delivery_(r);
  }

 private:
  DeliveryCallback on_delivery_;
};

}  // namespace pga::output
