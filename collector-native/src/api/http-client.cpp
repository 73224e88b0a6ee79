#include "api/http-client.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <mutex>

namespace pga::api {
namespace {

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
using SlistPtr = std::unique_ptr<curl_slist, SlistDeleter>;

void global_init() {
  // curl_global_init is not thread-safe in every libcurl version: once, before the first handle.
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Sink {
  HttpResponse* response;
  size_t max_bytes;
  bool too_large = false;
};

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  const size_t n = size * count;
  if (sink->response->body.size() + n > sink->max_bytes) {
    sink->too_large = true;
    return 0;  // aborts the transfer with CURLE_WRITE_ERROR
  }
  sink->response->body.append(data, n);
  return n;
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  const size_t n = size * count;
  parse_header_line(std::string(data, n), sink->response->headers);
  return n;
}

Status transport_status(CURLcode code, const std::string& url, const char* detail) {
  const std::string what = std::string(detail && *detail ? detail : curl_easy_strerror(code));
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
      return Status::error(StatusCode::kTimeout, url + ": timed out (" + what + ")");
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
      // Retrying will not make a certificate trusted: say what to change.
      return Status::invalid(url + ": TLS certificate not accepted (" + what +
                             "): check the URL's host name, or set api.ca_file to the CA that signed it");
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
      return Status::invalid(url + ": " + what);
    default:
      return Status::unavailable(url + ": " + what);
  }
}

}  // namespace

std::string HttpResponse::header(const std::string& lower_case_name) const {
  auto it = headers.find(lower_case_name);
  return it == headers.end() ? "" : it->second;
}

void parse_header_line(const std::string& line, std::map<std::string, std::string>& headers) {
  if (line.rfind("HTTP/", 0) == 0) {
    headers.clear();
    return;
  }
  const auto colon = line.find(':');
  if (colon == std::string::npos || colon == 0) return;
  std::string name = line.substr(0, colon);
  std::transform(name.begin(), name.end(), name.begin(),
                 [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
  std::string value = line.substr(colon + 1);
  const auto first = value.find_first_not_of(" \t");
  const auto last = value.find_last_not_of(" \t\r\n");
  value = first == std::string::npos ? "" : value.substr(first, last - first + 1);
  headers[name] = value;
}

struct HttpClient::Handle {
  std::unique_ptr<CURL, CurlDeleter> curl;
};

HttpClient::HttpClient(HttpOptions options) : options_(std::move(options)), handle_(new Handle) {
  global_init();
  handle_->curl.reset(curl_easy_init());
}

HttpClient::~HttpClient() = default;

Expected<HttpResponse> HttpClient::send(const HttpRequest& request) {
  CURL* c = handle_->curl.get();
  if (!c) return Status::internal("libcurl could not create a handle");
  curl_easy_reset(c);  // keeps the connection cache, forgets the previous request's options

  HttpResponse response;
  Sink sink{&response, options_.max_body_bytes};
  char error[CURL_ERROR_SIZE] = {};
  SlistPtr headers;
  auto add_header = [&headers](const std::string& h) { headers.reset(curl_slist_append(headers.release(), h.c_str())); };
  for (const auto& [k, v] : request.headers) add_header(k + ": " + v);
  if (request.bearer_token) add_header("Authorization: Bearer " + *request.bearer_token);
  add_header("Accept: application/json");
  if (request.body) {
    add_header("Content-Type: application/json");
    add_header("Expect:");  // no 100-continue round trip for a small body
  }

  curl_easy_setopt(c, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  if (request.method == "HEAD") curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
  if (request.body) {
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, request.body->c_str());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body->size()));
  }
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_USERAGENT, options_.user_agent.c_str());
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, options_.connect_timeout_ms);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, options_.timeout_ms);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);  // timeouts without SIGALRM: the agent is multi-threaded
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);  // never resend the token to another place
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
  if (options_.ca_file) curl_easy_setopt(c, CURLOPT_CAINFO, options_.ca_file->c_str());
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, &on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &sink);

  const CURLcode rc = curl_easy_perform(c);
  // The header list and the body live on this stack frame: detach them from the reused handle.
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, nullptr);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, nullptr);
  if (sink.too_large)
    return Status::internal(request.url + ": answer larger than " + std::to_string(options_.max_body_bytes) + " bytes");
  if (rc != CURLE_OK) return transport_status(rc, request.url, error);
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &response.status);
  return response;
}

}  // namespace pga::api
