#pragma once

#include <sys/socket.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "gateway/bench/payload_template.h"
#include "gateway/core/event_id.h"
#include "gateway/core/result.h"

namespace switchyard::dispatcher {
struct InvocationResult;
}

namespace switchyard::bench {

// http://HOST[:PORT]/PATH, resolved once at start-up.
struct TargetUrl {
  std::string text;
  std::string host;
  uint16_t port = 80;
  std::string path;  // with the query, as sent
  sockaddr_storage address{};
};
Result<TargetUrl> parseTargetUrl(std::string_view text);

// Where a target reports the event ids the gateway accepted (for the sink's reconciliation).
struct AcceptedIds {
  std::vector<EventId> ids;
  std::vector<std::string> other_ids;  // ids that are not UUIDs (another gateway)
  uint64_t without_id = 0;             // accepted, but the answer named no id
};
// Files one id from an answer: a UUID, another gateway's id, or (empty) none.
void recordAcceptedId(std::string_view text, AcceptedIds* ids);

// One ingest surface that bench loads. A target builds the HTTP request head for a body and
// judges the answer; the generator owns connections, pacing and statistics. The interface is
// what the other surfaces plug into as their connectors land: SQS SendMessageBatch and Kinesis
// PutRecords (several events per request, one id each in the answer) fit it as they are; MQTT
// publish and Kafka produce speak other protocols and will need their own connection type
// behind the same judge-the-answer contract.
//
// NOTE: immutable once made; shared by every worker thread.
class BenchTarget {
 public:
  virtual ~BenchTarget() = default;
  virtual std::string_view kind() const = 0;
  // How many events one request carries (what an accepted answer is worth at most).
  virtual int eventsPerRequest() const { return 1; }
  // Appends the body of request `sequence` to `out`: the template expanded once, or, for a
  // surface that takes several events per request, the surface's envelope around
  // eventsPerRequest() expansions numbered sequence × eventsPerRequest() + i ({{seq}} stays
  // unique per event). Allocates nothing once `out` has grown.
  virtual void appendBody(std::string& out, const PayloadTemplate& payload, uint64_t sequence,
                          Random& random, int64_t unix_micros) const {
    payload.expand(out, sequence, random, unix_micros);
  }
  // Appends the request line and headers, through the blank line, for a body of `body_size`.
  virtual void appendRequestHead(std::string& out, size_t body_size) const = 0;
  // How many events the answer accepted (0: rejected); their ids go to `ids` if it is given.
  virtual int judge(const dispatcher::InvocationResult& result, AcceptedIds* ids) const = 0;
};

// `kind`: "webhook" (POST /events/TRIGGER, 202 {"id":...}), "invoke" (the Lambda Invoke API
// with X-Amz-Invocation-Type: Event, 202 with x-amzn-RequestId) or "sqs" (SendMessageBatch of
// 10 messages to the queue whose URL is `url`, JSON 1.0 protocol; 200 with a MessageId per
// message).
Result<std::unique_ptr<BenchTarget>> makeTarget(std::string_view kind, const TargetUrl& url,
                                                std::string_view bearer_token);
// The kinds makeTarget knows, for --help and errors.
std::string_view targetKinds();

}  // namespace switchyard::bench
