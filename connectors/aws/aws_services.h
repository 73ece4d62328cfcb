#pragma once

#include <span>
#include <string_view>

namespace switchyard::aws {

// The wire protocols of AWS APIs (Smithy's names: awsJson1_0, awsJson1_1, awsQuery, restJson1,
// restXml).
enum class Protocol { kJson10, kJson11, kQuery, kRestJson, kRestXml };

std::string_view protocolName(Protocol protocol);

// What the protocol layer knows about one AWS service: how requests for it are recognised and
// how its answers and errors are shaped. Data only; the services themselves live in their own
// connector folders.
struct AwsServiceInfo {
  std::string_view name;               // SigV4 credential-scope service: "sqs", "sns", "kinesis"
  Protocol protocol;                   // what current SDKs speak to it
  std::string_view target_prefix;      // X-Amz-Target prefix for JSON protocols ("AmazonSQS")
  std::string_view query_version;      // Version= of its query protocol ("2012-11-05")
  std::string_view xml_namespace;      // xmlns of query / REST-XML answers
  std::string_view error_type_prefix;  // prefix of "__type" in JSON errors ("com.amazonaws.sqs#")
  // awsQueryCompatible (SQS): JSON errors also carry `x-amzn-query-error: <query code>;<fault>`
  // so SDKs can map them to the codes of the service's older query API.
  bool query_compatible;
};

// nullptr if unknown.
const AwsServiceInfo* findService(std::string_view name);
const AwsServiceInfo* findServiceByTarget(std::string_view target_prefix);
const AwsServiceInfo* findServiceByQueryVersion(std::string_view version);

// The actions of the two query-protocol services, to tell their calls apart when nothing else
// says which service a call is for. AddPermission and RemovePermission are in both.
std::span<const std::string_view> sqsActions();
std::span<const std::string_view> snsActions();
bool isSqsAction(std::string_view action);
bool isSnsAction(std::string_view action);

}  // namespace switchyard::aws
