#include "gateway/bench/sqs_batch_target.h"

#include <simdjson.h>

#include <string>

#include "dispatcher/invocation_result.h"
#include "gateway/bench/http_post_target.h"
#include "gateway/core/json_writer.h"

namespace switchyard::bench {
namespace {

class SqsBatchTarget final : public HttpPostTarget {
 public:
  SqsBatchTarget(const TargetUrl& url, std::string_view token)
      : HttpPostTarget(url, "application/x-amz-json-1.0",
                       "X-Amz-Target: AmazonSQS.SendMessageBatch\r\n", token, "/") {
    body_prefix_ = R"({"QueueUrl":)";
    json::appendString(body_prefix_, url.text);
    body_prefix_ += R"(,"Entries":[)";
  }

  std::string_view kind() const override { return "sqs"; }
  int eventsPerRequest() const override { return kSqsBatchEntries; }

  void appendBody(std::string& out, const PayloadTemplate& payload, uint64_t sequence,
                  Random& random, int64_t unix_micros) const override {
    // The target is shared by the worker threads; each expands into its own scratch buffer.
    thread_local std::string message;
    out.append(body_prefix_);
    for (int i = 0; i < kSqsBatchEntries; ++i) {
      out.append(i == 0 ? R"({"Id":")" : R"(,{"Id":")");
      out.push_back(static_cast<char>('0' + i));
      out.append(R"(","MessageBody":)");
      message.clear();
      payload.expand(message, sequence * kSqsBatchEntries + static_cast<uint64_t>(i), random,
                     unix_micros);
      json::appendString(out, message);
      out.push_back('}');
    }
    out.append("]}");
  }

  // 200 {"Successful":[{"Id","MessageId","MD5OfMessageBody"},...],"Failed":[...]}: the
  // successful entries are the accepted events (a partly failed batch accepts the rest).
  int judge(const dispatcher::InvocationResult& result, AcceptedIds* ids) const override {
    if (result.transport != dispatcher::InvocationResult::Transport::kResponse ||
        result.status != 200) {
      return 0;
    }
    thread_local simdjson::ondemand::parser parser;
    thread_local std::string padded;
    padded.assign(result.body);
    padded.resize(result.body.size() + simdjson::SIMDJSON_PADDING);
    simdjson::ondemand::document document;
    simdjson::ondemand::array successful;
    if (parser.iterate(padded.data(), result.body.size(), padded.size()).get(document) !=
            simdjson::SUCCESS ||
        document["Successful"].get_array().get(successful) != simdjson::SUCCESS) {
      return 0;
    }
    int accepted = 0;
    for (auto element : successful) {
      simdjson::ondemand::value entry;
      if (element.get(entry) != simdjson::SUCCESS) {
        break;  // a malformed answer: count what came before
      }
      std::string_view message_id;
      if (entry["MessageId"].get_string().get(message_id) != simdjson::SUCCESS) {
        message_id = {};
      }
      ++accepted;
      if (ids != nullptr) {
        recordAcceptedId(message_id, ids);
      }
    }
    return accepted;
  }

 private:
  std::string body_prefix_;
};

}  // namespace

Result<std::unique_ptr<BenchTarget>> makeSqsBatchTarget(const TargetUrl& url,
                                                        std::string_view bearer_token) {
  // /ACCOUNT/QUEUE: the server takes the queue from the URL's last segment.
  std::string_view path = std::string_view(url.path).substr(0, url.path.find('?'));
  size_t last = path.rfind('/');
  if (path.size() < 4 || last == 0 || last + 1 >= path.size()) {
    return makeError(Errc::kInvalidArgument,
                     "--target sqs needs the queue URL, e.g. "
                     "http://127.0.0.1:8080/000000000000/orders (got \"" +
                         url.text + "\")");
  }
  return std::unique_ptr<BenchTarget>(std::make_unique<SqsBatchTarget>(url, bearer_token));
}

}  // namespace switchyard::bench
