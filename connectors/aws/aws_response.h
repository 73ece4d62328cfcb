#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "connectors/aws/aws_request.h"
#include "connectors/aws/sigv4.h"
#include "gateway/core/result.h"
#include "gateway/http/http_request.h"

namespace switchyard::http {
class HttpResponder;
}  // namespace switchyard::http

namespace switchyard::aws {

// An answer to an AWS API call, shaped for its protocol so that the SDKs parse results and map
// errors to their typed exceptions (QueueDoesNotExist, NotFoundException, ...). A value:
// services build it on any thread and respond() sends it on the connection's loop thread.
struct AwsResponse {
  int status = 200;
  // Besides Content-Type (below) and Content-Length (added when sent). Always includes the
  // request id (x-amzn-RequestId; S3: x-amz-request-id).
  std::vector<std::pair<std::string, std::string>> headers;
  std::string content_type;
  std::string body;

  // The value of header `name` (case-insensitive), or empty.
  std::string_view header(std::string_view name) const;
};

// "application/x-amz-json-1.0", "application/x-amz-json-1.1", "application/json" (REST-JSON),
// "text/xml" (query), "application/xml" (REST-XML).
std::string_view contentTypeFor(Protocol protocol);

// A JSON result (JSON 1.0/1.1 and REST-JSON calls): the body as given ("{}" if empty).
AwsResponse jsonResult(const AwsCall& call, std::string json_body, int status = 200);

// A query-protocol result:
//   <{Op}Response xmlns="..."><{Op}Result>result_xml</{Op}Result>
//   <ResponseMetadata><RequestId>id</RequestId></ResponseMetadata></{Op}Response>
// `result_xml` is already-escaped XML (see XmlWriter); empty omits the Result element, as AWS
// does for operations without output. `xmlns` defaults to the service's namespace.
AwsResponse queryResult(const AwsCall& call, std::string_view result_xml,
                        std::string_view xmlns = {});

// An error in the call's protocol:
//   JSON 1.0/1.1  {"__type":"<prefix><Code>","message":"..."}; SQS adds
//                 x-amzn-query-error: <query code>;Sender|Receiver
//   query         <ErrorResponse xmlns="..."><Error><Type>Sender</Type><Code>..</Code>
//                 <Message>..</Message></Error><RequestId>..</RequestId></ErrorResponse>
//   REST-JSON     x-amzn-ErrorType: <Code>, {"Type":"User","message":"..."}
//   REST-XML      <?xml ...?><Error><Code>..</Code><Message>..</Message><RequestId>..</RequestId>
//                 </Error>
// `code` may be any name of a modelled error (aws_errors.h: "QueueDoesNotExist" or
// "AWS.SimpleQueueService.NonExistentQueue"; "NotFound" or "NotFoundException"); each protocol
// gets the spelling it needs. Unknown codes are used as given.
AwsResponse awsError(const AwsCall& call, int status, std::string_view code,
                     std::string_view message, bool sender = true);
// As above with the status and fault of the service's error table (400 and Sender if unknown).
AwsResponse awsError(const AwsCall& call, std::string_view code, std::string_view message);

// The answer to a failed SigV4 verification, with the service's code for it.
AwsResponse authError(const AwsCall& call, const SigV4Error& error);

// The answer to a request classifyRequest() could not recognise (InvalidAction for query
// requests, UnknownOperationException for JSON ones).
AwsResponse unrecognizedRequest(const http::HttpRequest& request, const Error& error);

// Sends `response` (adds Content-Type). NOTE: on the connection's loop thread.
void respond(http::HttpResponder& responder, const AwsResponse& response);

}  // namespace switchyard::aws
