#pragma once

#include <string>

#include "gateway/core/event.h"

namespace switchyard::dispatcher {

// Attribute names the HTTP connector stores on webhook events, read by the renderers.
inline constexpr std::string_view kAttrMethod = "http.method";
inline constexpr std::string_view kAttrPath = "http.path";
inline constexpr std::string_view kAttrQuery = "http.query";
inline constexpr std::string_view kAttrSourceIp = "http.source_ip";
inline constexpr std::string_view kAttrHeaderPrefix = "h:";  // "h:content-type" → value

// The event AWS Lambda receives from an API Gateway HTTP API (payload format 2.0) or a Function
// URL: version, routeKey, rawPath, rawQueryString, headers, requestContext, body,
// isBase64Encoded. Bodies that are not valid UTF-8 are base64-encoded, as API Gateway does.
std::string renderApiGatewayV2(const Event& event);

}  // namespace switchyard::dispatcher
