#pragma once

#include <string>
#include <string_view>

#include "connectors/aws/aws_services.h"
#include "connectors/aws/query_params.h"
#include "gateway/core/result.h"
#include "gateway/http/http_request.h"

namespace switchyard::aws {

// Which AWS API a request calls, and how to answer it.
struct AwsCall {
  std::string service;  // credential-scope name: "sqs", "sns", "kinesis", "events", "lambda", "s3"
  Protocol protocol = Protocol::kJson11;
  std::string operation;   // "SendMessage", "Publish", "PutRecord", "Invoke", "PutObject"
  std::string region;      // from the credential scope; "us-east-1" for unsigned requests
  std::string request_id;  // fresh UUID, echoed in x-amzn-RequestId and query responses
};

// Recognises an AWS API request (the rules come from what AWS SDK v3 sends, see
// /work/shared/wire/aws-sdk-v3.md):
//   X-Amz-Target: AmazonSQS.SendMessage          sqs, JSON 1.0
//   X-Amz-Target: Kinesis_20131202.PutRecord     kinesis, JSON 1.1
//   X-Amz-Target: AWSEvents.PutEvents            events, JSON 1.1
//   form body (or GET query) with Action=...     query protocol; the service is the SigV4
//       credential scope's, else the one the action belongs to (SQS or SNS), else SQS for
//       /<account>/<queue> paths or a QueueUrl, SNS for a TopicArn, else by Version=
//   POST /2015-03-31/functions/<name>/invocations  lambda Invoke (REST-JSON)
//   credential scope "s3"                        s3, REST-XML; operation from ?x-id= or the method
// Fails (kInvalidArgument, or kNotFound for an unknown service or action) with a message that
// says why; answer such failures with unrecognizedRequest() from aws_response.h. A scope that
// contradicts the X-Amz-Target is an error. For query-protocol calls the decoded parameters are
// stored in `*params` if given.
Result<AwsCall> classifyRequest(const http::HttpRequest& request, QueryParams* params = nullptr);

// A best guess at how to answer a request classifyRequest() refused: query XML for form bodies,
// JSON 1.0/1.1 by content type (default 1.1), the credential scope's service if there is one.
AwsCall fallbackCall(const http::HttpRequest& request);

// A random (version 4) UUID, lowercase: an AWS-style request id.
std::string newRequestId();

}  // namespace switchyard::aws
