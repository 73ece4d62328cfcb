#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "connectors/aws/aws_errors.h"
#include "connectors/aws/sigv4_authorization.h"
#include "gateway/core/result.h"
#include "gateway/http/http_request.h"

namespace switchyard::aws {

// AWS Signature Version 4 for requests from AWS SDKs (header signing; presigned URLs and
// SigV4a are not supported).

// The secret access key for an access key id, or nullopt if the id is unknown. Called on
// whichever shard handles the request, concurrently: it must be thread-safe (e.g. read an
// immutable map).
using SecretKeyLookup = std::function<std::optional<std::string>(std::string_view access_key_id)>;

// How far X-Amz-Date may be from now, either way (AWS allows 15 minutes).
inline constexpr int64_t kMaxClockSkewSeconds = 15 * 60;

struct SigV4Error {
  AuthFailure failure;
  std::string message;
};

struct SigV4Verification {
  std::optional<SigV4Error> error;  // set: refuse the request (see authError in aws_response.h)
  // The request's parsed Authorization header, if it had one.
  std::optional<SigV4Authorization> authorization;
  bool verified = false;  // the signature was checked against a configured secret

  bool ok() const { return !error.has_value(); }
};

// Checks the request's SigV4 signature at `now_unix_seconds`.
//
// With an empty `lookup` (no credentials configured) any request is accepted, signed or not, but
// an Authorization header that is present must still parse. Otherwise the request must be signed
// by a known key: the signature is recomputed (canonical request from method, path, query, the
// signed headers and the payload hash) and compared in constant time, X-Amz-Date must be within
// kMaxClockSkewSeconds of now, and a hex X-Amz-Content-Sha256 must match the body (otherwise an
// altered body would pass: the signature covers only the header). UNSIGNED-PAYLOAD and
// STREAMING-* payload hashes are taken as given; aws-chunked chunk signatures are not checked.
SigV4Verification verifySignature(const http::HttpRequest& request, const SecretKeyLookup& lookup,
                                  int64_t now_unix_seconds);

struct SigningCredentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string region;   // "us-east-1"
  std::string service;  // credential-scope service: "sqs"
};

// The Authorization header value that signs `request` (for tests, and for Switchyard calling
// AWS-style endpoints). The request must already carry Host and X-Amz-Date, and
// X-Amz-Content-Sha256 if the payload hash should be something other than the body's SHA-256.
// `signed_headers` (lowercase) default to every header of the request except those proxies and
// HTTP stacks rewrite (authorization, connection, expect, user-agent, transfer-encoding, ...).
Result<std::string> signRequest(const http::HttpRequest& request,
                                const SigningCredentials& credentials,
                                std::span<const std::string> signed_headers = {});

// 20261125T075252Z
std::string formatAmzDate(int64_t unix_seconds);
// Parses 20261125T075252Z into Unix seconds.
std::optional<int64_t> parseAmzDate(std::string_view text);

}  // namespace switchyard::aws
