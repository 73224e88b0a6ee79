#include "api/api-client.h"

#include <gtest/gtest.h>

#include "fake-api-server.h"

namespace pga::api {
namespace {

using test::FakeApiServer;
using test::FakeRequest;
using test::FakeResponse;

HttpResponse response(long status, std::string body, std::map<std::string, std::string> headers = {}) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  r.headers = std::move(headers);
  return r;
}

TEST(ApiResponses, Registration) {
  auto ok = parse_registration(response(
      201, R"({"collector_id":"c-1","token":"pgac_x","config_url":"/api/v1/config/c-1","config_version":1,"config_etag":"\"1-a\""})"));
  ASSERT_TRUE(ok) << ok.status().message();
  EXPECT_EQ(ok->collector_id, "c-1");
  EXPECT_EQ(ok->token, "pgac_x");
  EXPECT_EQ(ok->config_version, 1);
  EXPECT_EQ(ok->config_etag, "\"1-a\"");

  auto refused = parse_registration(response(401, R"({"error":{"code":"UNAUTHORIZED","message":"invalid bootstrap token"}})"));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.status().code(), StatusCode::kPermissionDenied);
  EXPECT_NE(refused.status().message().find("invalid bootstrap token"), std::string::npos);
  EXPECT_NE(refused.status().message().find("PGA_AGENT_BOOTSTRAP_TOKEN"), std::string::npos);

  auto disabled = parse_registration(response(403, R"({"error":{"code":"FORBIDDEN","message":"collector registration is disabled"}})"));
  EXPECT_EQ(disabled.status().code(), StatusCode::kPermissionDenied);
  EXPECT_NE(disabled.status().message().find("registration is disabled"), std::string::npos);
  EXPECT_TRUE(parse_registration(response(429, "{}")).status().retryable());
  EXPECT_TRUE(parse_registration(response(503, "")).status().retryable());
  EXPECT_EQ(parse_registration(response(201, "{}")).status().code(), StatusCode::kInternal);
}

TEST(ApiResponses, Pull) {
  auto fresh = parse_pull(response(200, R"({"instances":[]})", {{"etag", "\"2-b\""}, {"pga-config-version", "2"}}), "/s");
  ASSERT_TRUE(fresh);
  EXPECT_TRUE(fresh->modified);
  EXPECT_EQ(fresh->remote.etag, "\"2-b\"");
  EXPECT_EQ(fresh->remote.version, 2);
  EXPECT_TRUE(fresh->remote.config.contains("instances"));

  auto same = parse_pull(response(304, ""), "/s");
  ASSERT_TRUE(same);
  EXPECT_FALSE(same->modified);

  auto revoked = parse_pull(response(401, R"({"error":{"code":"UNAUTHORIZED","message":"token revoked"}})"), "/s");
  ASSERT_FALSE(revoked);
  EXPECT_EQ(revoked.status().code(), StatusCode::kPermissionDenied);
  EXPECT_NE(revoked.status().message().find("/s/collector.json"), std::string::npos);  // says what to do
  EXPECT_NE(revoked.status().message().find("tokens"), std::string::npos);

  EXPECT_EQ(parse_pull(response(404, "{}"), "/s").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(parse_pull(response(200, "not json"), "/s").status().code(), StatusCode::kInternal);
  EXPECT_EQ(parse_pull(response(200, "[1]"), "/s").status().code(), StatusCode::kInternal);
}

TEST(ApiResponses, Heartbeat) {
  auto ok = parse_heartbeat(response(200, R"({"collector_id":"c","config_version":3,"config_etag":"\"3-c\"","config_url":"/x","server_time":"t"})"), "/s");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->config_version, 3);
  EXPECT_EQ(ok->config_etag, "\"3-c\"");
  auto none = parse_heartbeat(response(200, R"({"config_version":null,"config_etag":null})"), "/s");
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->config_version.has_value());
  EXPECT_EQ(parse_heartbeat(response(401, "{}"), "/s").status().code(), StatusCode::kPermissionDenied);
}

TEST(ApiHttp, HeaderLines) {
  std::map<std::string, std::string> h;
  parse_header_line("HTTP/1.1 100 Continue\r\n", h);
  parse_header_line("X-Old: 1\r\n", h);
  parse_header_line("HTTP/1.1 200 OK\r\n", h);  // a new block: the interim answer's headers are dropped
  parse_header_line("ETag: \"3-abc\"\r\n", h);
  parse_header_line("Pga-Config-Version:  3 \r\n", h);
  parse_header_line("\r\n", h);
  EXPECT_EQ(h.count("x-old"), 0u);
  EXPECT_EQ(h["etag"], "\"3-abc\"");
  EXPECT_EQ(h["pga-config-version"], "3");
}

TEST(ApiHttp, ClientSpeaksTheRoutesOverHttp) {
  FakeApiServer server([](const FakeRequest& req) -> FakeResponse {
    if (req.path == "/api/v1/collectors/register")
      return {201, {}, R"({"collector_id":"c-9","token":"pgac_secret","config_version":1,"config_etag":"\"1-a\""})"};
    if (req.path == "/api/v1/config/c-9") {
      if (req.headers.count("if-none-match") && req.headers.at("if-none-match") == "\"1-a\"") return {304, {}, ""};
      return {200, {{"ETag", "\"1-a\""}, {"Pga-Config-Version", "1"}}, R"({"format_version":1})"};
    }
    if (req.path == "/api/v1/collectors/c-9/heartbeat")
      return {200, {}, R"({"collector_id":"c-9","config_version":1,"config_etag":"\"1-a\""})"};
    return {404, {}, R"({"error":{"code":"NOT_FOUND","message":"no route"}})"};
  });
  ApiClient client(server.url(), "/state");
  auto reg = client.register_collector("boot-token", {"db1", "db1.example.net", "0.1.0"});
  ASSERT_TRUE(reg) << reg.status().message();
  const Credentials creds{reg->collector_id, reg->token, server.url()};
  auto full = client.pull_config(creds, "");
  ASSERT_TRUE(full) << full.status().message();
  EXPECT_TRUE(full->modified);
  EXPECT_EQ(full->remote.version, 1);
  auto same = client.pull_config(creds, full->remote.etag);
  ASSERT_TRUE(same);
  EXPECT_FALSE(same->modified);
  auto beat = client.heartbeat(creds, {"0.1.0", "db1.example.net", 1});
  ASSERT_TRUE(beat) << beat.status().message();

  const auto reqs = server.requests();
  ASSERT_EQ(reqs.size(), 4u);
  EXPECT_EQ(reqs[0].method, "POST");
  EXPECT_EQ(reqs[0].headers.at("authorization"), "Bearer boot-token");
  EXPECT_EQ(reqs[0].headers.at("content-type"), "application/json");
  EXPECT_EQ(nlohmann::json::parse(reqs[0].body),
            (nlohmann::json{{"name", "db1"}, {"hostname", "db1.example.net"}, {"agent_version", "0.1.0"}}));
  EXPECT_EQ(reqs[1].method, "GET");
  EXPECT_EQ(reqs[1].headers.at("authorization"), "Bearer pgac_secret");
  EXPECT_EQ(reqs[1].headers.count("if-none-match"), 0u);
  EXPECT_EQ(reqs[2].headers.at("if-none-match"), "\"1-a\"");
  EXPECT_EQ(nlohmann::json::parse(reqs[3].body),
            (nlohmann::json{{"agent_version", "0.1.0"}, {"hostname", "db1.example.net"}, {"config_version", 1}}));
}

TEST(ApiHttp, TransportFailuresAreRetryableAndNameTheUrl) {
  std::string url;
  {
    FakeApiServer gone([](const FakeRequest&) { return FakeResponse{}; });
    url = gone.url();
  }  // closed: nothing listens there any more
  HttpOptions o;
  o.connect_timeout_ms = 2000;
  ApiClient client(url, "/state", o);
  Status st = client.health();
  ASSERT_FALSE(st);
  EXPECT_TRUE(st.retryable()) << st.to_string();
  EXPECT_NE(st.message().find(url), std::string::npos);
}

TEST(ApiHttp, OversizedAnswersAreRefused) {
  FakeApiServer server([](const FakeRequest&) { return FakeResponse{200, {}, std::string(10000, 'x')}; });
  HttpOptions o;
  o.max_body_bytes = 1000;
  HttpClient http(o);
  HttpRequest req;
  req.url = server.url() + "/big";
  auto r = http.send(req);
  ASSERT_FALSE(r);
  EXPECT_NE(r.status().message().find("larger than 1000 bytes"), std::string::npos);
}

}  // namespace
}  // namespace pga::api
