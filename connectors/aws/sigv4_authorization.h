#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "gateway/core/result.h"

namespace switchyard::aws {

inline constexpr std::string_view kSigV4Algorithm = "AWS4-HMAC-SHA256";
inline constexpr std::string_view kSigV4Terminator = "aws4_request";

// Credential=AKIDEXAMPLE/20261125/us-east-1/sqs/aws4_request
struct SigV4Credential {
  std::string access_key_id;
  std::string date;  // yyyymmdd
  std::string region;
  std::string service;

  // "20261125/us-east-1/sqs/aws4_request"
  std::string scope() const;
};

// A parsed `Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...`.
struct SigV4Authorization {
  SigV4Credential credential;
  std::vector<std::string> signed_headers;  // lowercase, in the order listed
  std::string signature;                    // 64 lowercase hex digits

  // "host;x-amz-date"
  std::string signedHeadersText() const;
};

// Parses an Authorization header value. The error message says precisely what is wrong (the
// text AWS puts in IncompleteSignature errors where it has one). Components may be separated by
// ", " or ","; each must appear exactly once.
Result<SigV4Authorization> parseAuthorization(std::string_view header);

}  // namespace switchyard::aws
