#include "connectors/aws/sigv4.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <vector>

#include "connectors/aws/digest.h"
#include "connectors/aws/sigv4_canonical.h"

namespace switchyard::aws {
namespace {

constexpr std::string_view kMismatchMessage =
    "The request signature we calculated does not match the signature you provided. Check your "
    "AWS Secret Access Key and signing method. Consult the service documentation for details.";

// Headers the AWS SDKs never sign: hop-by-hop, or rewritten by proxies and HTTP stacks.
constexpr std::array<std::string_view, 14> kUnsignableHeaders{
    "authorization", "cache-control",     "connection", "expect",     "from",
    "keep-alive",    "max-forwards",      "pragma",     "referer",    "te",
    "trailer",       "transfer-encoding", "upgrade",    "user-agent",
};

SigV4Verification failed(AuthFailure failure, std::string message) {
  SigV4Verification verification;
  verification.error = SigV4Error{failure, std::move(message)};
  return verification;
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
int64_t daysFromCivil(int64_t year, unsigned month, unsigned day) {
  year -= month <= 2 ? 1 : 0;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const auto year_of_era = static_cast<unsigned>(year - era * 400);
  const unsigned day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + static_cast<int64_t>(day_of_era) - 719468;
}

bool isHex64(std::string_view text) {
  return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
         });
}

std::string lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c + 32);
    }
  }
  return out;
}

// The payload hash to sign with: X-Amz-Content-Sha256 as sent, else the body's SHA-256.
std::string payloadHash(const http::HttpRequest& request) {
  if (request.hasHeader("x-amz-content-sha256")) {
    return std::string(request.header("x-amz-content-sha256"));
  }
  return sha256Hex(request.body);
}

struct Signed {
  std::string canonical_request;
  std::string signature;
};

Result<Signed> sign(const http::HttpRequest& request, const SigV4Credential& credential,
                    std::span<const std::string> signed_headers, std::string_view amz_date,
                    std::string_view secret) {
  Result<std::string> query = canonicalQueryString(request.query);
  if (!query.ok()) {
    return query.error();
  }
  Result<std::string> headers = canonicalHeaders(request, signed_headers);
  if (!headers.ok()) {
    return headers.error();
  }
  std::string signed_text;
  for (const std::string& name : signed_headers) {
    if (!signed_text.empty()) {
      signed_text.push_back(';');
    }
    signed_text.append(name);
  }
  std::string uri = canonicalUri(request.path, credential.service == "s3");
  std::string payload = payloadHash(request);
  Signed result;
  result.canonical_request =
      canonicalRequest({request.method, uri, *query, *headers, signed_text, payload});
  std::string to_sign = stringToSign(amz_date, credential.scope(), result.canonical_request);
  result.signature = computeSignature(
      signingKey(secret, credential.date, credential.region, credential.service), to_sign);
  return result;
}

}  // namespace

std::string formatAmzDate(int64_t unix_seconds) {
  int64_t days = unix_seconds >= 0 ? unix_seconds / 86400 : (unix_seconds - 86399) / 86400;
  int64_t seconds_of_day = unix_seconds - days * 86400;
  // civil_from_days (Howard Hinnant)
  int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto day_of_era = static_cast<unsigned>(z - era * 146097);
  const unsigned year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const unsigned day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const unsigned mp = (5 * day_of_year + 2) / 153;
  const unsigned day = day_of_year - (153 * mp + 2) / 5 + 1;
  const unsigned month = mp < 10 ? mp + 3 : mp - 9;
  const int64_t year = static_cast<int64_t>(year_of_era) + era * 400 + (month <= 2 ? 1 : 0);
  char buffer[32];
  int length = std::snprintf(
      buffer, sizeof(buffer), "%04lld%02u%02uT%02d%02d%02dZ", static_cast<long long>(year), month,
      day, static_cast<int>(seconds_of_day / 3600), static_cast<int>(seconds_of_day / 60 % 60),
      static_cast<int>(seconds_of_day % 60));
  return std::string(buffer, static_cast<size_t>(length));
}

std::optional<int64_t> parseAmzDate(std::string_view text) {
  if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z') {
    return std::nullopt;
  }
  auto number = [&](size_t at, size_t digits, int* out) {
    int value = 0;
    for (size_t i = at; i < at + digits; ++i) {
      if (text[i] < '0' || text[i] > '9') {
        return false;
      }
      value = value * 10 + (text[i] - '0');
    }
    *out = value;
    return true;
  };
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!number(0, 4, &year) || !number(4, 2, &month) || !number(6, 2, &day) ||
      !number(9, 2, &hour) || !number(11, 2, &minute) || !number(13, 2, &second)) {
    return std::nullopt;
  }
  static constexpr std::array<int, 12> kDaysInMonth{31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1 || day > kDaysInMonth[static_cast<size_t>(month - 1)] ||
      hour > 23 || minute > 59 || second > 60) {
    return std::nullopt;
  }
  return daysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400 +
         hour * 3600 + minute * 60 + second;
}

SigV4Verification verifySignature(const http::HttpRequest& request, const SecretKeyLookup& lookup,
                                  int64_t now_unix_seconds) {
  if (!request.hasHeader("authorization")) {
    if (!lookup) {
      return {};
    }
    return failed(AuthFailure::kMissingAuthentication,
                  request.query.find("X-Amz-Signature=") != std::string_view::npos
                      ? "Presigned URLs are not supported; sign the Authorization header."
                      : "Request is missing Authentication Token");
  }
  Result<SigV4Authorization> parsed = parseAuthorization(request.header("authorization"));
  if (!parsed.ok()) {
    return failed(AuthFailure::kIncompleteSignature, parsed.error().message);
  }
  SigV4Verification verification;
  verification.authorization = std::move(parsed).value();
  if (!lookup) {
    return verification;
  }
  const SigV4Authorization& authorization = *verification.authorization;
  const SigV4Credential& credential = authorization.credential;
  std::optional<std::string> secret = lookup(credential.access_key_id);
  if (!secret) {
    return failed(AuthFailure::kUnknownAccessKey,
                  "The security token included in the request is invalid.");
  }
  const auto& names = authorization.signed_headers;
  if (std::find(names.begin(), names.end(), "host") == names.end()) {
    return failed(AuthFailure::kIncompleteSignature,
                  "'Host' must be a 'SignedHeader' in the AWS Authorization.");
  }
  std::string_view amz_date = request.header("x-amz-date");
  if (amz_date.empty()) {
    return failed(AuthFailure::kIncompleteSignature,
                  "Authorization header requires existence of an 'X-Amz-Date' header.");
  }
  std::optional<int64_t> signed_at = parseAmzDate(amz_date);
  if (!signed_at) {
    return failed(AuthFailure::kIncompleteSignature,
                  "X-Amz-Date '" + std::string(amz_date.substr(0, 32)) +
                      "' must be an ISO 8601 basic date-time: yyyymmddThhmmssZ.");
  }
  std::string now_text = formatAmzDate(now_unix_seconds);
  if (*signed_at < now_unix_seconds - kMaxClockSkewSeconds) {
    return failed(AuthFailure::kRequestExpired,
                  "Signature expired: " + std::string(amz_date) + " is now earlier than " +
                      formatAmzDate(now_unix_seconds - kMaxClockSkewSeconds) + " (" + now_text +
                      " - 15 min.)");
  }
  if (*signed_at > now_unix_seconds + kMaxClockSkewSeconds) {
    return failed(AuthFailure::kRequestExpired,
                  "Signature not yet current: " + std::string(amz_date) + " is still later than " +
                      formatAmzDate(now_unix_seconds + kMaxClockSkewSeconds) + " (" + now_text +
                      " + 15 min.)");
  }
  if (amz_date.substr(0, 8) != credential.date) {
    return failed(AuthFailure::kSignatureMismatch,
                  "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of "
                  "date from HTTP: '" +
                      credential.date + "' != '" + std::string(amz_date.substr(0, 8)) +
                      "', from '" + std::string(amz_date) + "'.");
  }
  std::string_view content_sha256 = request.header("x-amz-content-sha256");
  if (isHex64(content_sha256) && lowercase(content_sha256) != sha256Hex(request.body)) {
    return failed(AuthFailure::kSignatureMismatch,
                  "The provided 'x-amz-content-sha256' header does not match what was computed.");
  }
  Result<Signed> expected = sign(request, credential, names, amz_date, *secret);
  if (!expected.ok()) {
    return failed(AuthFailure::kSignatureMismatch,
                  std::string(kMismatchMessage) + " (" + expected.error().message + ")");
  }
  if (!constantTimeEquals(expected->signature, authorization.signature)) {
    return failed(AuthFailure::kSignatureMismatch, std::string(kMismatchMessage));
  }
  verification.verified = true;
  return verification;
}

Result<std::string> signRequest(const http::HttpRequest& request,
                                const SigningCredentials& credentials,
                                std::span<const std::string> signed_headers) {
  std::string_view amz_date = request.header("x-amz-date");
  if (!parseAmzDate(amz_date)) {
    return makeError(Errc::kInvalidArgument,
                     "signing needs an X-Amz-Date header of the form yyyymmddThhmmssZ");
  }
  if (!request.hasHeader("host")) {
    return makeError(Errc::kInvalidArgument, "signing needs a Host header");
  }
  std::vector<std::string> names;
  if (signed_headers.empty()) {
    for (const http::HttpHeader& header : request.headers) {
      std::string name = lowercase(header.name);
      if (std::find(kUnsignableHeaders.begin(), kUnsignableHeaders.end(), name) ==
          kUnsignableHeaders.end()) {
        names.push_back(std::move(name));
      }
    }
  } else {
    for (const std::string& name : signed_headers) {
      names.push_back(lowercase(name));
    }
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  SigV4Credential credential{credentials.access_key_id, std::string(amz_date.substr(0, 8)),
                             credentials.region, credentials.service};
  Result<Signed> signed_request =
      sign(request, credential, names, amz_date, credentials.secret_access_key);
  if (!signed_request.ok()) {
    return signed_request.error();
  }
  std::string header(kSigV4Algorithm);
  header.append(" Credential=").append(credentials.access_key_id).append("/");
  header.append(credential.scope());
  header.append(", SignedHeaders=");
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) {
      header.push_back(';');
    }
    header.append(names[i]);
  }
  header.append(", Signature=").append(signed_request->signature);
  return header;
}

}  // namespace switchyard::aws
