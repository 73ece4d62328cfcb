#pragma once

#include <span>
#include <string>
#include <string_view>

#include "connectors/aws/digest.h"
#include "gateway/core/result.h"
#include "gateway/http/http_request.h"

namespace switchyard::aws {

// The pieces of AWS Signature Version 4 (docs.aws.amazon.com/IAM/latest/UserGuide/
// reference_sigv-create-signed-request.html), exposed so that tests can check each step against
// AWS's published test suite. Pure functions.

// RFC 3986 encoding as SigV4 wants it: unreserved characters (A-Z a-z 0-9 - _ . ~) stay, every
// other byte becomes %XX with uppercase hex; '/' stays if `keep_slash`.
std::string sigv4Encode(std::string_view bytes, bool keep_slash);

// The canonical URI from the path as it came on the wire. Every service but S3 removes "." and
// ".." segments and empty segments, then encodes the (already encoded) path once more; S3 uses
// the path as sent (only normalising escapes and encoding bytes that should have been). An empty
// path is "/".
std::string canonicalUri(std::string_view raw_path, bool s3);

// The query string decoded and re-encoded pair by pair, sorted by name then value, joined with
// '&' ("a=1&b="). A '+' is a literal plus (RFC 3986), not a space. Fails on a malformed escape.
Result<std::string> canonicalQueryString(std::string_view raw_query);

// "name:value\n" for each of `signed_headers` (lowercase), in that order. Values of repeated
// headers are joined with ','; each value is trimmed and its whitespace runs become one space.
// Fails if a signed header is not in the request.
Result<std::string> canonicalHeaders(const http::HttpRequest& request,
                                     std::span<const std::string> signed_headers);

struct CanonicalRequestParts {
  std::string_view method;
  std::string_view canonical_uri;
  std::string_view canonical_query;
  std::string_view canonical_headers;  // each line ends with '\n'
  std::string_view signed_headers;     // "host;x-amz-date"
  std::string_view payload_hash;       // hex SHA-256, or UNSIGNED-PAYLOAD, STREAMING-...
};
std::string canonicalRequest(const CanonicalRequestParts& parts);

// "AWS4-HMAC-SHA256\n<amz_date>\n<scope>\n<hex sha256 of canonical request>"
std::string stringToSign(std::string_view amz_date, std::string_view scope,
                         std::string_view canonical_request);

// HMAC chain "AWS4"+secret → date → region → service → "aws4_request".
Sha256Digest signingKey(std::string_view secret_access_key, std::string_view date,
                        std::string_view region, std::string_view service);

// Hex HMAC-SHA256 of the string to sign.
std::string computeSignature(const Sha256Digest& signing_key, std::string_view string_to_sign);

}  // namespace switchyard::aws
