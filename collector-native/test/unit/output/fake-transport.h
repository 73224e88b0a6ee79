#pragma once
// A Transport for unit tests: keeps what it was given and delivers (or fails) only when told to.
#include <string>
#include <vector>

#include "output/transport.h"

namespace pga::output::test_support {

class FakeTransport final : public Transport {
 public:
  struct Message {
    std::string topic, key, payload;
    uint64_t token;
  };

  Status produce(const std::string& topic, std::string_view key, std::string_view payload, uint64_t token) override {
    if (queue_full) return Status::unavailable("queue full");
    if (reject_at_produce) return Status::invalid("too large");
    sent.push_back({topic, std::string(key), std::string(payload), token});
    return Status::ok();
  }
  void poll(int) override {}
  void flush(int) override {}

  // Reports the outcome of the message with this token.
  void deliver(uint64_t token, Delivery outcome = Delivery::kDelivered) {
    report({token, outcome, outcome == Delivery::kDelivered ? "" : "broker down"});
  }
  void deliver_all(Delivery outcome = Delivery::kDelivered) {
    const auto batch = sent;
    sent.clear();
    for (const auto& m : batch) deliver(m.token, outcome);
  }
  std::vector<std::string> payloads() const {
    std::vector<std::string> out;
    for (const auto& m : sent) out.push_back(m.payload);
    return out;
  }

  std::vector<Message> sent;  // handed over, not yet reported by the test
  bool queue_full = false;
  bool reject_at_produce = false;
};

}  // namespace pga::output::test_support
