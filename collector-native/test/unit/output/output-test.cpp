#include "output/output.h"

#include <gtest/gtest.h>

#include "core/log.h"
#include "fake-transport.h"
#include "temp-dir.h"

namespace pga::output {
namespace {

using test_support::FakeTransport;
using test_support::TempDir;

struct Opened {
  std::unique_ptr<Output> output;
  FakeTransport* transport;
};

Opened open_output(const std::string& path, const std::string& on_full = "drop_oldest") {
  config::KafkaConfig kafka;
  config::SpoolConfig spool;
  spool.path = path;
  spool.on_full = on_full;
  auto fake = std::make_unique<FakeTransport>();
  FakeTransport* raw = fake.get();
  auto output = Output::open(kafka, spool, std::move(fake));
  if (!output) ADD_FAILURE() << output.status().to_string();
  return {std::move(*output), raw};
}

class OutputTest : public ::testing::Test {
 protected:
  void SetUp() override { log::set_level(log::Level::kError); }
  void TearDown() override { log::set_level(log::Level::kInfo); }
  TempDir dir_;
};

TEST_F(OutputTest, SubmittedBatchesAreSpooledThenSent) {
  auto [output, transport] = open_output(dir_.path());
  ASSERT_TRUE(output->submit("pga.metrics.database.v1", "srv-1", "batch-1"));
  ASSERT_EQ(transport->sent.size(), 1u);
  EXPECT_EQ(transport->sent[0].topic, "pga.metrics.database.v1");
  EXPECT_EQ(output->stats()["spool"]["pending"], 1);
  transport->deliver_all();
  EXPECT_EQ(output->stats()["spool"]["pending"], 0);
  EXPECT_EQ(output->stats()["delivered"], 1);
  EXPECT_TRUE(output->flush(100));
}

TEST_F(OutputTest, WhatKafkaDidNotAcknowledgeIsResentAfterARestart) {
  {
    auto [output, transport] = open_output(dir_.path());
    for (int i = 0; i < 3; ++i) ASSERT_TRUE(output->submit("t", "srv", "b" + std::to_string(i)));
    transport->deliver(transport->sent[0].token);  // only the first one made it
    const Status flushed = output->flush(50);
    EXPECT_EQ(flushed.code(), StatusCode::kTimeout);
  }
  auto [output, transport] = open_output(dir_.path());
  EXPECT_EQ(transport->payloads(), (std::vector<std::string>{"b1", "b2"}));  // at open, in order
  transport->deliver_all();
  EXPECT_TRUE(output->flush(100));
}

}  // namespace
}  // namespace pga::output
