#include "output/kafka-settings.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>

#include "core/log.h"
#include "output/kafka-transport.h"
#include "temp-dir.h"

namespace pga::output {
namespace {

std::map<std::string, std::string> as_map(const KafkaSettings& settings) {
  return std::map<std::string, std::string>(settings.begin(), settings.end());
}

TEST(KafkaSettings, DefaultsAreIdempotentSmallAndQuiet) {
  config::KafkaConfig kafka;
  kafka.brokers = {"k1:9092", "k2:9092"};
  config::SpoolConfig spool;
  auto settings = kafka_settings(kafka, spool);
  ASSERT_TRUE(settings.has_value()) << settings.status().to_string();
  auto m = as_map(*settings);
  EXPECT_EQ(m["bootstrap.servers"], "k1:9092,k2:9092");
  EXPECT_EQ(m["enable.idempotence"], "true");
  EXPECT_EQ(m["acks"], "all");
  EXPECT_EQ(m["compression.type"], "zstd");
  EXPECT_EQ(m["linger.ms"], "100");
  EXPECT_EQ(m["batch.size"], "262144");
  EXPECT_GE(std::stoll(m["message.max.bytes"]), 262144 + 1024);
  EXPECT_GE(std::stoll(m["message.max.bytes"]), std::stoll(m["batch.size"]));
  EXPECT_LE(std::stoll(m["queue.buffering.max.kbytes"]), 16384);  // not librdkafka's 1 GiB default
  EXPECT_EQ(m["statistics.interval.ms"], "0");
  EXPECT_EQ(m["security.protocol"], "plaintext");
  EXPECT_EQ(m.count("sasl.password"), 0u);
}

TEST(KafkaSettings, SecretsComeFromTheEnvironmentOrAFile) {
  output::test_support::TempDir dir;
  const std::string file = dir.sub("kafka-password");
  std::ofstream(file) << "from-file\n";
  config::KafkaConfig kafka;
  kafka.brokers = {"k:9093"};
  kafka.security.protocol = "sasl_ssl";
  kafka.security.sasl_mechanism = "SCRAM-SHA-512";
  kafka.security.sasl_username = "agent";
  kafka.security.sasl_password_file = file;
  kafka.security.ssl_ca_file = "/etc/ca.pem";
  kafka.security.ssl_cert_file = "/etc/cert.pem";
  kafka.security.ssl_key_file = "/etc/key.pem";
  kafka.security.ssl_key_password_env = "PGA_TEST_KEY_PASSWORD";
  ::setenv("PGA_TEST_KEY_PASSWORD", "key-secret", 1);
  auto settings = kafka_settings(kafka, config::SpoolConfig{});
  ::unsetenv("PGA_TEST_KEY_PASSWORD");
  ASSERT_TRUE(settings.has_value()) << settings.status().to_string();
  auto m = as_map(*settings);
  EXPECT_EQ(m["security.protocol"], "sasl_ssl");
  EXPECT_EQ(m["sasl.mechanisms"], "SCRAM-SHA-512");
  EXPECT_EQ(m["sasl.username"], "agent");
  EXPECT_EQ(m["sasl.password"], "from-file");
  EXPECT_EQ(m["ssl.ca.location"], "/etc/ca.pem");
  EXPECT_EQ(m["ssl.certificate.location"], "/etc/cert.pem");
  EXPECT_EQ(m["ssl.key.location"], "/etc/key.pem");
  EXPECT_EQ(m["ssl.key.password"], "key-secret");
  EXPECT_TRUE(is_secret_setting("sasl.password"));

  kafka.security.sasl_password_file.reset();
  kafka.security.sasl_password_env = "PGA_TEST_UNSET_VARIABLE";
  auto missing = kafka_settings(kafka, config::SpoolConfig{});
  ASSERT_FALSE(missing.has_value());
  EXPECT_NE(missing.status().message().find("PGA_TEST_UNSET_VARIABLE"), std::string::npos);
  EXPECT_EQ(missing.status().message().find("key-secret"), std::string::npos);
}

TEST(KafkaSettings, NoBrokersIsAConfigurationError) {
  EXPECT_FALSE(kafka_settings(config::KafkaConfig{}, config::SpoolConfig{}).has_value());
}

// librdkafka itself accepts the settings (rd_kafka_new validates them; nothing is sent).
TEST(KafkaTransport, LibrdkafkaAcceptsTheSettings) {
  log::set_level(log::Level::kError);
  config::KafkaConfig kafka;
  kafka.brokers = {"127.0.0.1:1"};
  for (const char* compression : {"zstd", "lz4", "gzip", "snappy", "none"}) {
    kafka.compression = compression;
    auto settings = kafka_settings(kafka, config::SpoolConfig{});
    ASSERT_TRUE(settings.has_value());
    auto transport = KafkaTransport::create(*settings);
    EXPECT_TRUE(transport.has_value()) << compression << ": " << transport.status().to_string();
  }
  KafkaSettings bad = {{"bootstrap.servers", "127.0.0.1:1"}, {"no.such.setting", "1"}};
  EXPECT_FALSE(KafkaTransport::create(bad).has_value());
  log::set_level(log::Level::kInfo);
}

}  // namespace
}  // namespace pga::output
