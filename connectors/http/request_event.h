#pragma once

#include <string_view>

#include "gateway/core/event.h"
#include "gateway/http/http_request.h"

namespace switchyard::connectors {

// Builds the Event for an HTTP request. With `keep_request_metadata` the method, path, query and
// headers are stored as attributes (the `aws` rendering needs them for the API Gateway shape);
// without, only the payload and content type are kept, which is all `raw` delivery needs.
EventRef eventFromRequest(const http::HttpRequest& request, EventKind kind, std::string_view source,
                          bool keep_request_metadata,
                          std::span<const EventAttribute> extra_attributes = {});

// True for application/json and any +json media type.
bool isJsonContentType(std::string_view content_type);

}  // namespace switchyard::connectors
