#include "connectors/aws/aws_response.h"

#include "connectors/aws/aws_errors.h"
#include "connectors/aws/aws_services.h"
#include "connectors/aws/xml_writer.h"
#include "gateway/core/assert.h"
#include "gateway/core/json_writer.h"
#include "gateway/http/http_server.h"

namespace switchyard::aws {
namespace {

AwsResponse start(const AwsCall& call, int status) {
  AwsResponse response;
  response.status = status;
  response.content_type = std::string(contentTypeFor(call.protocol));
  response.headers.emplace_back(
      call.protocol == Protocol::kRestXml ? "x-amz-request-id" : "x-amzn-RequestId",
      call.request_id);
  return response;
}

std::string_view xmlnsFor(const AwsCall& call, std::string_view given) {
  if (!given.empty()) {
    return given;
  }
  const AwsServiceInfo* service = findService(call.service);
  return service == nullptr ? std::string_view{} : service->xml_namespace;
}

}  // namespace

std::string_view AwsResponse::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (http::equalsIgnoreCase(key, name)) {
      return value;
    }
  }
  return {};
}

std::string_view contentTypeFor(Protocol protocol) {
  switch (protocol) {
    case Protocol::kJson10:
      return "application/x-amz-json-1.0";
    case Protocol::kJson11:
      return "application/x-amz-json-1.1";
    case Protocol::kRestJson:
      return "application/json";
    case Protocol::kQuery:
      return "text/xml";
    case Protocol::kRestXml:
      return "application/xml";
  }
  return "application/octet-stream";
}

AwsResponse jsonResult(const AwsCall& call, std::string json_body, int status) {
  SY_BUG_IF(call.protocol == Protocol::kQuery || call.protocol == Protocol::kRestXml,
            "jsonResult() for an XML-protocol call");
  AwsResponse response = start(call, status);
  response.body = json_body.empty() ? std::string("{}") : std::move(json_body);
  return response;
}

AwsResponse queryResult(const AwsCall& call, std::string_view result_xml, std::string_view xmlns) {
  SY_BUG_IF(call.protocol != Protocol::kQuery, "queryResult() for a non-query call");
  AwsResponse response = start(call, 200);
  response.content_type = std::string(contentTypeFor(Protocol::kQuery));
  std::string response_tag = call.operation + "Response";
  XmlWriter xml;
  xml.open(response_tag, xmlnsFor(call, xmlns));
  if (!result_xml.empty()) {
    xml.open(call.operation + "Result").raw(result_xml).close();
  }
  xml.open("ResponseMetadata").element("RequestId", call.request_id).close();
  response.body = std::move(xml).finish();
  return response;
}

AwsResponse awsError(const AwsCall& call, int status, std::string_view code,
                     std::string_view message, bool sender) {
  const AwsErrorShape* shape = findErrorShape(call.service, code);
  std::string_view json_code = shape != nullptr ? shape->code : code;
  std::string_view query_code = shape != nullptr ? shape->query_code : code;
  std::string_view fault = sender ? "Sender" : "Receiver";
  const AwsServiceInfo* service = findService(call.service);
  AwsResponse response = start(call, status);
  switch (call.protocol) {
    case Protocol::kJson10:
    case Protocol::kJson11: {
      std::string type(service != nullptr ? service->error_type_prefix : std::string_view{});
      type.append(json_code);
      response.body = "{\"__type\":";
      json::appendString(response.body, type);
      response.body.append(",\"message\":");
      json::appendString(response.body, message);
      response.body.push_back('}');
      if (service != nullptr && service->query_compatible) {
        response.headers.emplace_back("x-amzn-query-error",
                                      std::string(query_code) + ";" + std::string(fault));
      }
      break;
    }
    case Protocol::kQuery: {
      XmlWriter xml;
      xml.open("ErrorResponse", xmlnsFor(call, {}));
      xml.open("Error").element("Type", fault).element("Code", query_code);
      xml.element("Message", message).close();
      xml.element("RequestId", call.request_id);
      response.body = std::move(xml).finish();
      break;
    }
    case Protocol::kRestJson: {
      response.headers.emplace_back("x-amzn-ErrorType", std::string(json_code));
      response.body =
          sender ? "{\"Type\":\"User\",\"message\":" : "{\"Type\":\"Service\",\"message\":";
      json::appendString(response.body, message);
      response.body.push_back('}');
      break;
    }
    case Protocol::kRestXml: {
      XmlWriter xml;
      xml.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
      xml.open("Error").element("Code", json_code).element("Message", message);
      xml.element("RequestId", call.request_id);
      response.body = std::move(xml).finish();
      break;
    }
  }
  return response;
}

AwsResponse awsError(const AwsCall& call, std::string_view code, std::string_view message) {
  const AwsErrorShape* shape = findErrorShape(call.service, code);
  if (shape == nullptr) {
    return awsError(call, 400, code, message, true);
  }
  return awsError(call, shape->status, code, message, shape->sender);
}

AwsResponse authError(const AwsCall& call, const SigV4Error& error) {
  AuthErrorCode code = authErrorCode(call.service, error.failure);
  return awsError(call, code.status, code.code, error.message, true);
}

AwsResponse unrecognizedRequest(const http::HttpRequest& request, const Error& error) {
  AwsCall call = fallbackCall(request);
  bool query = call.protocol == Protocol::kQuery;
  std::string_view code = query ? "InvalidAction" : "UnknownOperationException";
  int status = error.code == Errc::kNotFound && call.protocol == Protocol::kRestXml ? 404 : 400;
  return awsError(call, status, code, error.message, true);
}

void respond(http::HttpResponder& responder, const AwsResponse& response) {
  std::vector<http::HttpHeader> headers;
  headers.reserve(response.headers.size() + 1);
  headers.push_back({"Content-Type", response.content_type});
  for (const auto& [name, value] : response.headers) {
    headers.push_back({name, value});
  }
  responder.respond(response.status, headers, response.body);
}

}  // namespace switchyard::aws
