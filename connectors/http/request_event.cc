#include "connectors/http/request_event.h"

#include <string>
#include <vector>

#include "dispatcher/render/api_gateway_v2.h"

namespace switchyard::connectors {

bool isJsonContentType(std::string_view content_type) {
  std::string_view media = content_type.substr(0, content_type.find(';'));
  while (!media.empty() && media.back() == ' ') {
    media.remove_suffix(1);
  }
  return http::equalsIgnoreCase(media, "application/json") ||
         (media.size() >= 5 && http::equalsIgnoreCase(media.substr(media.size() - 5), "+json"));
}

EventRef eventFromRequest(const http::HttpRequest& request, EventKind kind, std::string_view source,
                          bool keep_request_metadata,
                          std::span<const EventAttribute> extra_attributes) {
  EventInit init;
  init.kind = kind;
  init.source = source;
  init.content_type = request.header("content-type");
  init.traceparent = request.header("traceparent");
  if (!keep_request_metadata) {
    init.attributes = extra_attributes;
    return Event::create(init, request.body);
  }
  // Header names are lowercased into reused thread-local storage (API Gateway v2 lowercases them).
  thread_local std::vector<std::string> names;
  thread_local std::vector<EventAttribute> attributes;
  names.resize(std::max(names.size(), request.headers.size()));
  attributes.clear();
  attributes.emplace_back(dispatcher::kAttrMethod, request.method);
  attributes.emplace_back(dispatcher::kAttrPath, request.path);
  attributes.emplace_back(dispatcher::kAttrQuery, request.query);
  for (size_t i = 0; i < request.headers.size(); ++i) {
    std::string& name = names[i];
    name.assign(dispatcher::kAttrHeaderPrefix);
    for (char c : request.headers[i].name) {
      name.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c);
    }
    attributes.emplace_back(name, request.headers[i].value);
  }
  attributes.insert(attributes.end(), extra_attributes.begin(), extra_attributes.end());
  init.attributes = attributes;
  return Event::create(init, request.body);
}

}  // namespace switchyard::connectors
