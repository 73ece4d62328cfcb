#include "gateway/bench/bench_target.h"

#include <netdb.h>

#include <cstring>

#include "dispatcher/invocation_result.h"
#include "gateway/bench/http_post_target.h"
#include "gateway/bench/sqs_batch_target.h"

namespace switchyard::bench {

void recordAcceptedId(std::string_view text, AcceptedIds* ids) {
  EventId id;
  if (text.empty()) {
    ++ids->without_id;
  } else if (EventId::parse(text, &id)) {
    ids->ids.push_back(id);
  } else {
    ids->other_ids.emplace_back(text);
  }
}

namespace {

// POST /events/TRIGGER → 202 {"id":"<event id>","deliveries":N}.
class WebhookTarget final : public HttpPostTarget {
 public:
  WebhookTarget(const TargetUrl& url, std::string_view token)
      : HttpPostTarget(url, "application/json", "", token) {}
  std::string_view kind() const override { return "webhook"; }
  int judge(const dispatcher::InvocationResult& result, AcceptedIds* ids) const override {
    if (result.transport != dispatcher::InvocationResult::Transport::kResponse ||
        result.status < 200 || result.status > 299) {
      return 0;
    }
    if (ids != nullptr) {
      constexpr std::string_view kKey = R"("id":")";
      std::string_view body = result.body;
      size_t start = body.find(kKey);
      size_t end = start == std::string_view::npos ? start : body.find('"', start + kKey.size());
      recordAcceptedId(end == std::string_view::npos
                           ? std::string_view()
                           : body.substr(start + kKey.size(), end - start - kKey.size()),
                       ids);
    }
    return 1;
  }
};

// The Lambda Invoke API, asynchronous: 202 with x-amzn-RequestId = the event id.
class InvokeTarget final : public HttpPostTarget {
 public:
  InvokeTarget(const TargetUrl& url, std::string_view token)
      : HttpPostTarget(url, "application/json", "X-Amz-Invocation-Type: Event\r\n", token) {}
  std::string_view kind() const override { return "invoke"; }
  int judge(const dispatcher::InvocationResult& result, AcceptedIds* ids) const override {
    if (result.transport != dispatcher::InvocationResult::Transport::kResponse ||
        result.status != 202) {
      return 0;
    }
    if (ids != nullptr) {
      recordAcceptedId(result.request_id, ids);
    }
    return 1;
  }
};

}  // namespace

Result<TargetUrl> parseTargetUrl(std::string_view text) {
  TargetUrl url;
  url.text = std::string(text);
  constexpr std::string_view kScheme = "http://";
  if (!text.starts_with(kScheme)) {
    return makeError(Errc::kInvalidArgument,
                     "the URL must start with http:// (got \"" + std::string(text) + "\")");
  }
  std::string_view rest = text.substr(kScheme.size());
  size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  url.path = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  std::string_view port_text;
  if (authority.starts_with('[')) {  // [::1]:8080
    size_t bracket = authority.find(']');
    if (bracket == std::string_view::npos) {
      return makeError(Errc::kInvalidArgument, "unbalanced [ in the URL's host");
    }
    url.host = std::string(authority.substr(1, bracket - 1));
    if (bracket + 1 < authority.size() && authority[bracket + 1] == ':') {
      port_text = authority.substr(bracket + 2);
    }
  } else {
    size_t colon = authority.rfind(':');
    url.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) {
      port_text = authority.substr(colon + 1);
    }
  }
  if (url.host.empty()) {
    return makeError(Errc::kInvalidArgument, "the URL has no host");
  }
  if (!port_text.empty()) {
    unsigned port = 0;
    for (char c : port_text) {
      if (c < '0' || c > '9' || (port = port * 10 + static_cast<unsigned>(c - '0')) > 65535) {
        return makeError(Errc::kInvalidArgument, "bad port in the URL: " + std::string(port_text));
      }
    }
    url.port = static_cast<uint16_t>(port);
  }
  // Resolved once, before any load: a name lookup per connection would be measured too.
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  std::string port_string = std::to_string(url.port);
  if (int rc = ::getaddrinfo(url.host.c_str(), port_string.c_str(), &hints, &found); rc != 0) {
    return makeError(Errc::kInvalidArgument,
                     "cannot resolve " + url.host + ": " + ::gai_strerror(rc));
  }
  // IPv4 first: "localhost" often lists ::1 first, and a gateway on 127.0.0.1 is not there.
  const addrinfo* chosen = found;
  for (const addrinfo* entry = found; entry != nullptr; entry = entry->ai_next) {
    if (entry->ai_family == AF_INET) {
      chosen = entry;
      break;
    }
  }
  std::memcpy(&url.address, chosen->ai_addr, chosen->ai_addrlen);
  ::freeaddrinfo(found);
  return url;
}

Result<std::unique_ptr<BenchTarget>> makeTarget(std::string_view kind, const TargetUrl& url,
                                                std::string_view bearer_token) {
  if (kind == "webhook") {
    return std::unique_ptr<BenchTarget>(std::make_unique<WebhookTarget>(url, bearer_token));
  }
  if (kind == "invoke") {
    return std::unique_ptr<BenchTarget>(std::make_unique<InvokeTarget>(url, bearer_token));
  }
  if (kind == "sqs") {
    return makeSqsBatchTarget(url, bearer_token);
  }
  return makeError(Errc::kInvalidArgument, "unknown --target \"" + std::string(kind) +
                                               "\" (known: " + std::string(targetKinds()) + ")");
}

std::string_view targetKinds() { return "webhook, invoke, sqs"; }

}  // namespace switchyard::bench
