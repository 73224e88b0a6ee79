#include "api/config-sync.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <thread>

#include "core/files.h"
#include "fake-api-server.h"

namespace pga::api {
namespace {

using test::FakeApiServer;
using test::FakeRequest;
using test::FakeResponse;

// A configuration the API could serve; `statements_interval` tells versions apart.
std::string remote_config(int statements_interval) {
  nlohmann::json c = {{"instances",
                       {{{"name", "main"},
                         {"connection", {{"host", "127.0.0.1"}, {"port", 5999}}},
                         {"plugins", {{"statements", {{"interval_s", statements_interval}}}}}}}},
                      {"kafka", {{"brokers", {"127.0.0.1:9092"}}}}};
  return c.dump();
}

// The API's side: registration, a current version (etag "\"<n>-x\"") and heartbeats answering it.
struct FakeApi {
  std::mutex mutex;
  int version = 1;
  std::string body = remote_config(30);
  int registrations = 0;

  FakeResponse operator()(const FakeRequest& req) {
    std::lock_guard<std::mutex> lock(mutex);
    const std::string etag = "\"" + std::to_string(version) + "-x\"";
    if (req.path == "/api/v1/collectors/register") {
      if (req.headers.at("authorization") != "Bearer good-bootstrap") return {401, {}, R"({"error":{"message":"invalid bootstrap token"}})"};
      ++registrations;
      return {201, {}, R"({"collector_id":"c-1","token":"pgac_t","config_version":1,"config_etag":"\"1-x\""})"};
    }
    if (req.headers.count("authorization") == 0 || req.headers.at("authorization") != "Bearer pgac_t")
      return {401, {}, R"({"error":{"message":"collector token unknown or revoked"}})"};
    if (req.path == "/api/v1/config/c-1") {
      if (req.headers.count("if-none-match") && req.headers.at("if-none-match") == etag) return {304, {}, ""};
      return {200, {{"ETag", etag}, {"Pga-Config-Version", std::to_string(version)}}, body};
    }
    if (req.path == "/api/v1/collectors/c-1/heartbeat")
      return {200, {}, nlohmann::json{{"config_version", version}, {"config_etag", etag}}.dump()};
    return {404, {}, "{}"};
  }
};

class ApiConfigSync : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/pga-sync-XXXXXX";
    dir_ = ::mkdtemp(tmpl);
  }
  void TearDown() override { std::system(("rm -rf " + dir_).c_str()); }

  config::LocalConfig local(const std::string& url, std::optional<std::string> token = "good-bootstrap") {
    config::LocalConfig l;
    l.settings.api_url = url;
    l.settings.bootstrap_token = std::move(token);
    l.settings.collector_name = "db1";
    l.settings.host_name = "db1";
    l.settings.state_dir = dir_ + "/state";
    l.env = [](const char*) { return std::optional<std::string>(); };
    return l;
  }
  std::string dir_;
  std::atomic<bool> stop_{false};
};

TEST_F(ApiConfigSync, RegistersPullsAndKeepsTheAppliedConfiguration) {
  FakeApi api;
  FakeApiServer server(std::ref(api));
  ConfigSync sync(local(server.url()), "0.1.0");
  auto first = sync.start(stop_);
  ASSERT_TRUE(first) << first.status().message();
  EXPECT_EQ(first->source, "api");
  EXPECT_EQ(first->config.instances.at(0).plugins.at("statements").interval_s, 30);
  EXPECT_EQ(sync.collector_id(), "c-1");
  EXPECT_TRUE(files::exists(dir_ + "/state/collector.json"));
  // Only an applied configuration becomes the last known good one.
  EXPECT_FALSE(files::exists(config::last_known_good_path(dir_ + "/state")));
  sync.applied(*first, Status::ok());
  EXPECT_TRUE(files::exists(config::last_known_good_path(dir_ + "/state")));

  // A new version: the worker's first heartbeat sees another etag and pulls at once.
  {
    std::lock_guard<std::mutex> lock(api.mutex);
    api.version = 2;
    api.body = remote_config(45);
  }
  sync.run_background();
  std::optional<ConfigCandidate> update;
  for (int i = 0; i < 100 && !update; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    update = sync.take_update();
  }
  ASSERT_TRUE(update);
  EXPECT_EQ(update->remote->version, 2);
  EXPECT_EQ(update->config.instances.at(0).plugins.at("statements").interval_s, 45);
  sync.applied(*update, Status::ok());
  sync.stop_background();
  EXPECT_EQ(api.registrations, 1);

  // A restart while the API is unchanged: 304 and the saved copy, no second registration.
  ConfigSync again(local(server.url(), std::nullopt), "0.1.0");
  auto second = again.start(stop_);
  ASSERT_TRUE(second) << second.status().message();
  EXPECT_EQ(second->remote->version, 2);
  EXPECT_EQ(api.registrations, 1);
  const auto reqs = server.requests();
  EXPECT_EQ(reqs.back().headers.at("if-none-match"), "\"2-x\"");
}

TEST_F(ApiConfigSync, FallsBackToTheLastKnownGoodWhenTheApiIsDown) {
  std::string url;
  {
    FakeApi api;
    FakeApiServer server(std::ref(api));
    url = server.url();
    ConfigSync sync(local(url), "0.1.0");
    auto first = sync.start(stop_);
    ASSERT_TRUE(first);
    sync.applied(*first, Status::ok());
  }  // the API is gone
  ConfigSync sync(local(url), "0.1.0");
  auto c = sync.start(stop_);
  ASSERT_TRUE(c) << c.status().message();
  EXPECT_EQ(c->source, "last known good");
  EXPECT_EQ(c->remote->version, 1);
}

TEST_F(ApiConfigSync, InvalidRemoteConfigurationFallsBackToTheLocalOne) {
  FakeApi api;
  api.body = R"({"instances": [{"name": "x", "connection": {"host": "h", "password": "no"}}]})";
  FakeApiServer server(std::ref(api));
  auto l = local(server.url());
  l.has_fallback = true;
  l.fallback_json = {{"kafka", {{"brokers", {"127.0.0.1:9092"}}}}};
  ConfigSync sync(l, "0.1.0");
  auto c = sync.start(stop_);
  ASSERT_TRUE(c) << c.status().message();
  EXPECT_EQ(c->source, "local file");
  EXPECT_FALSE(c->remote);
}

TEST_F(ApiConfigSync, LocalMistakesStopTheStart) {
  FakeApi api;
  FakeApiServer server(std::ref(api));
  ConfigSync wrong(local(server.url(), "wrong-bootstrap"), "0.1.0");
  auto refused = wrong.start(stop_);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.status().code(), StatusCode::kPermissionDenied);

  auto l = local(server.url(), std::nullopt);
  l.bootstrap_token_problem = "api.bootstrap_token_env: the environment variable BOOT is not set";
  ConfigSync none(l, "0.1.0");
  auto missing = none.start(stop_);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.status().message(), "api.bootstrap_token_env: the environment variable BOOT is not set");
}

TEST_F(ApiConfigSync, WaitsForTheApiUntilStopped) {
  std::string url;
  { FakeApiServer gone([](const FakeRequest&) { return FakeResponse{}; }); url = gone.url(); }
  ConfigSync sync(local(url), "0.1.0");  // never registered, nothing saved, no local instances
  std::thread stopper([this] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    stop_.store(true);
  });
  auto c = sync.start(stop_);
  stopper.join();
  ASSERT_FALSE(c);
  EXPECT_TRUE(c.status().retryable());
}

}  // namespace
}  // namespace pga::api
