#pragma once
// A small blocking HTTP(S) client on libcurl for the agent's few API calls: one easy handle per client
// (connections are kept alive between polls), TLS verified against the system store or a CA file, connect
// and total timeouts, and a cap on the answer's size. Transport failures come back as a Status (unavailable
// or timeout, so callers retry with backoff); HTTP error statuses come back as responses, for the caller to
// interpret. The bearer token is set as a header and never appears in a message.
#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"

namespace pga::api {

struct HttpOptions {
  std::optional<std::string> ca_file;  // PEM bundle trusted instead of the system store
  long connect_timeout_ms = 5000;
  long timeout_ms = 15000;
  size_t max_body_bytes = 4u << 20;  // a configuration is a few KiB; anything huge is refused
  std::string user_agent = "pga-agent";
};

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::optional<std::string> body;  // JSON; sets Content-Type: application/json
  std::optional<std::string> bearer_token;
};

struct HttpResponse {
  long status = 0;
  std::map<std::string, std::string> headers;  // names in lower case; the last value wins
  std::string body;
  // "" when absent.
  std::string header(const std::string& lower_case_name) const;
};

class HttpClient {
 public:
  explicit HttpClient(HttpOptions options = {});
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  Expected<HttpResponse> send(const HttpRequest& request);

 private:
  struct Handle;
  HttpOptions options_;
  std::unique_ptr<Handle> handle_;
};

// Parses one raw header line ("ETag: \"3-abc\"\r\n") into `headers`; a status line ("HTTP/1.1 200 OK")
// starts a new header block (after a 100 Continue or a redirect). Exposed for tests.
void parse_header_line(const std::string& line, std::map<std::string, std::string>& headers);

}  // namespace pga::api
