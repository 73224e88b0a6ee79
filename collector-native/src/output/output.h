#pragma once
// The agent's output: the write-ahead spool in front of the Kafka producer. submit() appends a message to
// the spool (the only place a batch is ever dropped, under the on_full policy) and pump()s it towards Kafka;
// poll() serves delivery reports and keeps the spool durable (fdatasync and cursor at most once a second);
// flush() is the shutdown path: wait for Kafka up to a timeout, leave the rest in the spool for next time.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "config/agent-config.h"
#include "core/status.h"
#include "output/sender.h"
#include "output/spool.h"
#include "output/transport.h"

namespace pga::output {

class Output {
 public:
  // Opens the spool and creates the Kafka producer (or uses `transport`, for tests).
  static Expected<std::unique_ptr<Output>> open(const config::KafkaConfig& kafka, const config::SpoolConfig& spool,
                                                std::unique_ptr<Transport> transport = nullptr);
  ~Output();
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;

  // Spools one message (key = server id) and starts sending it. kUnavailable when the spool refused it.
  // Takes the payload and frees it once it is in the spool, before the sender reads it back for Kafka: a
  // megabyte batch is then never held three times (caller, spool read, producer copy).
  Status submit(const std::string& topic, std::string_view key, std::string payload);
  // Serves delivery reports for up to `timeout_ms`, sends what the window allows, syncs the spool.
  void poll(int timeout_ms);
  // Sends and waits until everything spooled is acknowledged or `timeout_ms` passed; syncs the spool.
  // Returns kTimeout when records remain (they stay in the spool).
  Status flush(int timeout_ms);

  // {"delivered", "delivered_bytes", "rejected", "rewinds", "in_flight", "spool": {...}, ...}
  nlohmann::json stats() const;

 private:
  Output() = default;
  void maybe_sync(int64_t now_ms);

  std::unique_ptr<Spool> spool_;
  std::unique_ptr<Transport> transport_;
  std::unique_ptr<Sender> sender_;  // after transport_: destroyed before it
  int64_t last_sync_ms_ = 0;
};

int64_t steady_now_ms();

}  // namespace pga::output
