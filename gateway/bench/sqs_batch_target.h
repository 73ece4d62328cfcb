#pragma once

#include <memory>
#include <string_view>

#include "gateway/bench/bench_target.h"
#include "gateway/core/result.h"

namespace switchyard::bench {

// `--target sqs`: SQS SendMessageBatch in the JSON 1.0 protocol, as the AWS SDK v3 sends it
// (POST /, X-Amz-Target: AmazonSQS.SendMessageBatch, application/x-amz-json-1.0, unsigned), with
// 10 messages per request, each body one expansion of the template. `url` is the queue URL
// (http://HOST:PORT/ACCOUNT/QUEUE): it goes in the body as QueueUrl, as the SDK does. An answer
// accepts as many events as it lists under Successful; their MessageIds are the ids the sink
// sees as Records[].messageId when an sqs trigger delivers them.
Result<std::unique_ptr<BenchTarget>> makeSqsBatchTarget(const TargetUrl& url,
                                                        std::string_view bearer_token);

// SendMessageBatch's limit, and what bench sends.
inline constexpr int kSqsBatchEntries = 10;

}  // namespace switchyard::bench
