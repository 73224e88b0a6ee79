#include "output/sender.h"

#include <gtest/gtest.h>

#include "core/log.h"
#include "fake-transport.h"
#include "temp-dir.h"

namespace pga::output {
namespace {

using test_support::FakeTransport;
using test_support::TempDir;

class SenderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    log::set_level(log::Level::kError);
    SpoolOptions options;
    options.path = dir_.path();
    spool_ = std::move(*Spool::open(options));
    transport_.set_delivery_callback([this](const DeliveryReport& r) { sender_->on_delivery(r); });
  }
  void TearDown() override { log::set_level(log::Level::kInfo); }
  void make_sender(uint64_t window) { sender_ = std::make_unique<Sender>(*spool_, transport_, window, Backoff(1000, 60000, 42)); }
  void append(const std::string& payload) { ASSERT_TRUE(spool_->append("t", "srv", payload)); }

  TempDir dir_;
  std::unique_ptr<Spool> spool_;
  FakeTransport transport_;
  std::unique_ptr<Sender> sender_;
};

TEST_F(SenderTest, DeliversInOrderAndMovesTheCursor) {
  make_sender(1 << 20);
  for (int i = 0; i < 5; ++i) append("p" + std::to_string(i));
  sender_->pump(0);
  EXPECT_EQ(transport_.payloads(), (std::vector<std::string>{"p0", "p1", "p2", "p3", "p4"}));
  EXPECT_EQ(transport_.sent[0].key, "srv");
  transport_.deliver_all();
  EXPECT_EQ(spool_->stats().pending, 0u);
  EXPECT_EQ(sender_->stats(0).delivered, 5u);
  EXPECT_TRUE(sender_->idle());
}

TEST_F(SenderTest, TheWindowBoundsWhatIsInFlight) {
  make_sender(100);
  for (int i = 0; i < 5; ++i) append(std::string(40, 'a') + std::to_string(i));
  sender_->pump(0);
  EXPECT_EQ(transport_.sent.size(), 2u);  // 41 + 41 ≤ 100 < 123
  transport_.deliver_all();
  sender_->pump(0);
  EXPECT_EQ(transport_.sent.size(), 2u);
  transport_.deliver_all();
  sender_->pump(0);
  EXPECT_EQ(transport_.sent.size(), 1u);
  transport_.deliver_all();
  EXPECT_TRUE(sender_->idle());
}

TEST_F(SenderTest, TheCursorMovesOnlyOverAContiguousPrefix) {
  make_sender(1 << 20);
  for (int i = 0; i < 3; ++i) append("p" + std::to_string(i));
  sender_->pump(0);
  const auto sent = transport_.sent;
  transport_.deliver(sent[1].token);
  transport_.deliver(sent[2].token);
  EXPECT_EQ(spool_->stats().pending, 3u);
  transport_.deliver(sent[0].token);
  EXPECT_EQ(spool_->stats().pending, 0u);
}

TEST_F(SenderTest, AFailureRewindsOnceEverythingIsReportedThenBacksOff) {
  make_sender(1 << 20);
  for (int i = 0; i < 3; ++i) append("p" + std::to_string(i));
  sender_->pump(0);
  const auto sent = transport_.sent;
  transport_.sent.clear();
  transport_.deliver(sent[0].token, Delivery::kRetry);
  transport_.deliver(sent[1].token);
  append("p3");
  sender_->pump(10);
  EXPECT_TRUE(transport_.sent.empty()) << "no new sends while a report is outstanding";
  transport_.deliver(sent[2].token);
  sender_->pump(20);  // rewinds, then waits for the backoff (500..1000 ms)
  EXPECT_TRUE(transport_.sent.empty());
  EXPECT_GE(sender_->stats(20).backoff_ms, 400);
  sender_->pump(20 + 1000);
  EXPECT_EQ(transport_.payloads(), (std::vector<std::string>{"p0", "p1", "p2", "p3"}));  // p1, p2 again: duplicates are fine
  EXPECT_EQ(sender_->stats(2000).rewinds, 1u);
  transport_.deliver_all();
  EXPECT_EQ(spool_->stats().pending, 0u);
}

TEST_F(SenderTest, BackoffGrowsWhileKafkaStaysDown) {
  make_sender(1 << 20);
  append("p0");
  int64_t now = 0;
  int64_t last_wait = 0;
  for (int round = 0; round < 8; ++round) {
    sender_->pump(now);
    ASSERT_EQ(transport_.sent.size(), 1u) << round;
    transport_.deliver_all(Delivery::kRetry);
    sender_->pump(now);
    last_wait = sender_->stats(now).backoff_ms;
    now += last_wait;
  }
  EXPECT_GE(last_wait, 30000);  // capped at 60 s, half of it jitter
  EXPECT_LE(last_wait, 60000);
  sender_->pump(now);
  transport_.deliver_all();
  EXPECT_EQ(spool_->stats().pending, 0u);
}

TEST_F(SenderTest, AFullProducerQueueLosesNothing) {
  make_sender(1 << 20);
  append("p0");
  transport_.queue_full = true;
  sender_->pump(0);
  EXPECT_TRUE(transport_.sent.empty());
  append("p1");
  transport_.queue_full = false;
  sender_->pump(0);
  EXPECT_EQ(transport_.payloads(), (std::vector<std::string>{"p0", "p1"}));
}

TEST_F(SenderTest, RejectedRecordsArePassedOverAndCounted) {
  make_sender(1 << 20);
  append("p0");
  append("p1");
  sender_->pump(0);
  transport_.deliver(transport_.sent[0].token, Delivery::kRejected);
  transport_.deliver(transport_.sent[1].token);
  EXPECT_EQ(spool_->stats().pending, 0u);
  EXPECT_EQ(sender_->stats(0).rejected, 1u);

  transport_.sent.clear();
  transport_.reject_at_produce = true;
  append("p2");
  sender_->pump(0);
  EXPECT_EQ(spool_->stats().pending, 0u);
  EXPECT_EQ(sender_->stats(0).rejected, 2u);
}

}  // namespace
}  // namespace pga::output
