#include "gateway/bench/sink_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <simdjson.h>

#include "gateway/http/blocking_http_client.h"

namespace switchyard::bench {
namespace {

constexpr size_t kIdsPerRequest = 50'000;  // ~1.8 MB, well under the sink's 6 MiB body limit

Result<simdjson::dom::element> parseAnswer(simdjson::dom::parser& parser,
                                           const http::ClientResponse& response, const char* what) {
  if (response.status != 200) {
    return makeError(Errc::kUnavailable,
                     std::string(what) + " failed: " +
                         (response.status == 0 ? std::string("no answer from the sink")
                                               : "HTTP " + std::to_string(response.status)));
  }
  simdjson::dom::element root;
  if (parser.parse(response.body).get(root) != simdjson::SUCCESS) {
    return makeError(Errc::kUnavailable, std::string(what) + ": the sink's answer is not JSON");
  }
  return root;
}

uint64_t field(simdjson::dom::element object, const char* name) {
  uint64_t value = 0;
  return object[name].get_uint64().get(value) == simdjson::SUCCESS ? value : 0;
}

}  // namespace

Result<SinkClient> SinkClient::create(const std::string& url) {
  Result<TargetUrl> parsed = parseTargetUrl(url);
  if (!parsed.ok()) {
    return parsed.error();
  }
  if (parsed->address.ss_family != AF_INET) {
    return makeError(Errc::kInvalidArgument, "--sink needs an IPv4 address (got " + url + ")");
  }
  SinkClient client;
  client.url_ = url;
  char host[INET_ADDRSTRLEN];
  ::inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(&parsed->address)->sin_addr, host,
              sizeof(host));
  client.host_ = host;  // the blocking client takes numeric IPv4 only
  client.port_ = parsed->port;
  return client;
}

Status SinkClient::reset() {
  http::ClientResponse response =
      http::BlockingHttpClient(port_, host_).request("POST", "/_sink/reset");
  if (response.status != 200) {
    return makeError(
        Errc::kUnavailable,
        "cannot reset the sink at " + url_ +
            (response.status == 0 ? ": no answer" : ": HTTP " + std::to_string(response.status)));
  }
  return {};
}

Result<SinkClient::Stats> SinkClient::stats() {
  simdjson::dom::parser parser;
  Result<simdjson::dom::element> root = parseAnswer(
      parser, http::BlockingHttpClient(port_, host_).request("GET", "/_sink/stats?series=0"),
      "/_sink/stats");
  if (!root.ok()) {
    return root.error();
  }
  Stats stats;
  stats.received = field(*root, "received");
  stats.unique = field(*root, "unique");
  simdjson::dom::element latency;
  if ((*root)["latency_us"].get(latency) == simdjson::SUCCESS) {
    stats.latency.count = field(latency, "count");
    stats.latency.mean = static_cast<double>(field(latency, "mean"));
    stats.latency.p50 = static_cast<int64_t>(field(latency, "p50"));
    stats.latency.p90 = static_cast<int64_t>(field(latency, "p90"));
    stats.latency.p99 = static_cast<int64_t>(field(latency, "p99"));
    stats.latency.p999 = static_cast<int64_t>(field(latency, "p999"));
    stats.latency.max = static_cast<int64_t>(field(latency, "max"));
  }
  return stats;
}

Status SinkClient::reconcile(const AcceptedIds& ids, SinkResult* result) {
  http::BlockingHttpClient client(port_, host_);
  std::string body;
  size_t in_body = 0;
  auto flush = [&]() -> Status {
    http::ClientResponse response = client.request("POST", "/_sink/expect", body);
    body.clear();
    in_body = 0;
    if (response.status != 200) {
      return makeError(Errc::kUnavailable,
                       "POST /_sink/expect failed: HTTP " + std::to_string(response.status));
    }
    return {};
  };
  auto add = [&](std::string_view id) -> Status {
    body.append(id);
    body.push_back('\n');
    return ++in_body == kIdsPerRequest ? flush() : Status();
  };
  char text[EventId::kTextLength];
  for (const EventId& id : ids.ids) {
    id.format(text);
    if (Status added = add(std::string_view(text, sizeof(text))); !added.ok()) {
      return added;
    }
  }
  for (const std::string& id : ids.other_ids) {
    if (Status added = add(id); !added.ok()) {
      return added;
    }
  }
  simdjson::dom::parser parser;
  Result<simdjson::dom::element> root =
      parseAnswer(parser, client.request("POST", "/_sink/reconcile", body), "/_sink/reconcile");
  if (!root.ok()) {
    return root.error();
  }
  result->expected = field(*root, "expected");
  result->delivered = field(*root, "delivered");
  result->missing = field(*root, "missing");
  result->unexpected = field(*root, "unexpected");
  result->duplicates = field(*root, "duplicates");
  simdjson::dom::array sample;
  if ((*root)["missing_sample"].get(sample) == simdjson::SUCCESS) {
    for (simdjson::dom::element id : sample) {
      std::string_view missing;
      if (id.get_string().get(missing) == simdjson::SUCCESS) {
        result->missing_sample.emplace_back(missing);
      }
    }
  }
  return {};
}

}  // namespace switchyard::bench
