#pragma once

#include "gateway/http/blocking_http_client.h"

namespace switchyard::testing {

// Tests use the same small blocking client as the CLI.
using HttpResponse = http::ClientResponse;
using TestHttpClient = http::BlockingHttpClient;
using http::httpRequest;

}  // namespace switchyard::testing
