#include "connectors/aws/sigv4_canonical.h"

#include <openssl/crypto.h>

#include <algorithm>
#include <utility>
#include <vector>

#include "gateway/http/url_decode.h"

namespace switchyard::aws {
namespace {

constexpr char kUpperHex[] = "0123456789ABCDEF";

bool isUnreserved(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.' || c == '~';
}

bool isHexDigit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

char upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c; }

void appendEscaped(std::string& out, unsigned char byte) {
  out.push_back('%');
  out.push_back(kUpperHex[byte >> 4]);
  out.push_back(kUpperHex[byte & 0xf]);
}

// Removes empty, "." and ".." segments, keeping a leading and (if anything is left) a trailing
// slash — what the AWS SDKs do before signing for every service but S3.
std::string normalizePath(std::string_view path) {
  std::vector<std::string_view> segments;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    std::string_view segment =
        path.substr(start, slash == std::string_view::npos ? slash : slash - start);
    start = slash == std::string_view::npos ? path.size() + 1 : slash + 1;
    if (segment.empty() || segment == ".") {
      continue;
    }
    if (segment == "..") {
      if (!segments.empty()) {
        segments.pop_back();
      }
      continue;
    }
    segments.push_back(segment);
  }
  std::string out;
  if (!path.empty() && path.front() == '/') {
    out.push_back('/');
  }
  for (size_t i = 0; i < segments.size(); ++i) {
    if (i > 0) {
      out.push_back('/');
    }
    out.append(segments[i]);
  }
  if (!segments.empty() && path.back() == '/') {
    out.push_back('/');
  }
  return out;
}

// Trims and collapses runs of spaces and tabs into one space.
void appendCanonicalValue(std::string& out, std::string_view value) {
  bool pending_space = false;
  bool started = false;
  for (char c : value) {
    if (c == ' ' || c == '\t') {
      pending_space = started;
      continue;
    }
    if (pending_space) {
      out.push_back(' ');
      pending_space = false;
    }
    out.push_back(c);
    started = true;
  }
}

}  // namespace

std::string sigv4Encode(std::string_view bytes, bool keep_slash) {
  std::string out;
  out.reserve(bytes.size());
  for (char c : bytes) {
    if (isUnreserved(c) || (keep_slash && c == '/')) {
      out.push_back(c);
    } else {
      appendEscaped(out, static_cast<unsigned char>(c));
    }
  }
  return out;
}

std::string canonicalUri(std::string_view raw_path, bool s3) {
  if (raw_path.empty()) {
    return "/";
  }
  if (!s3) {
    std::string normalized = normalizePath(raw_path);
    return normalized.empty() ? std::string("/") : sigv4Encode(normalized, true);
  }
  std::string out;
  out.reserve(raw_path.size());
  for (size_t i = 0; i < raw_path.size(); ++i) {
    char c = raw_path[i];
    if (c == '%' && i + 2 < raw_path.size() && isHexDigit(raw_path[i + 1]) &&
        isHexDigit(raw_path[i + 2])) {
      out.push_back('%');
      out.push_back(upper(raw_path[i + 1]));
      out.push_back(upper(raw_path[i + 2]));
      i += 2;
    } else if (isUnreserved(c) || c == '/') {
      out.push_back(c);
    } else {
      appendEscaped(out, static_cast<unsigned char>(c));
    }
  }
  return out;
}

Result<std::string> canonicalQueryString(std::string_view raw_query) {
  std::vector<std::pair<std::string, std::string>> pairs;
  size_t start = 0;
  while (start <= raw_query.size()) {
    size_t amp = raw_query.find('&', start);
    std::string_view piece =
        raw_query.substr(start, amp == std::string_view::npos ? amp : amp - start);
    start = amp == std::string_view::npos ? raw_query.size() + 1 : amp + 1;
    if (piece.empty()) {
      continue;
    }
    size_t equals = piece.find('=');
    std::string name;
    std::string value;
    if (!http::percentDecode(piece.substr(0, equals), &name) ||
        (equals != std::string_view::npos &&
         !http::percentDecode(piece.substr(equals + 1), &value))) {
      return makeError(Errc::kInvalidArgument, "malformed percent-encoding in the query string");
    }
    pairs.emplace_back(sigv4Encode(name, false), sigv4Encode(value, false));
  }
  std::sort(pairs.begin(), pairs.end());
  std::string out;
  for (const auto& [name, value] : pairs) {
    if (!out.empty()) {
      out.push_back('&');
    }
    out.append(name).append("=").append(value);
  }
  return out;
}

Result<std::string> canonicalHeaders(const http::HttpRequest& request,
                                     std::span<const std::string> signed_headers) {
  std::string out;
  for (const std::string& name : signed_headers) {
    out.append(name);
    out.push_back(':');
    bool found = false;
    for (const http::HttpHeader& header : request.headers) {
      if (!http::equalsIgnoreCase(header.name, name)) {
        continue;
      }
      if (found) {
        out.push_back(',');
      }
      appendCanonicalValue(out, header.value);
      found = true;
    }
    if (!found) {
      return makeError(Errc::kInvalidArgument,
                       "signed header '" + name + "' is not in the request");
    }
    out.push_back('\n');
  }
  return out;
}

std::string canonicalRequest(const CanonicalRequestParts& parts) {
  std::string out;
  out.reserve(parts.method.size() + parts.canonical_uri.size() + parts.canonical_query.size() +
              parts.canonical_headers.size() + parts.signed_headers.size() +
              parts.payload_hash.size() + 5);
  out.append(parts.method).push_back('\n');
  out.append(parts.canonical_uri).push_back('\n');
  out.append(parts.canonical_query).push_back('\n');
  out.append(parts.canonical_headers).push_back('\n');
  out.append(parts.signed_headers).push_back('\n');
  out.append(parts.payload_hash);
  return out;
}

std::string stringToSign(std::string_view amz_date, std::string_view scope,
                         std::string_view canonical_request) {
  std::string out = "AWS4-HMAC-SHA256\n";
  out.append(amz_date).push_back('\n');
  out.append(scope).push_back('\n');
  out.append(sha256Hex(canonical_request));
  return out;
}

Sha256Digest signingKey(std::string_view secret_access_key, std::string_view date,
                        std::string_view region, std::string_view service) {
  std::string key = "AWS4";
  key.append(secret_access_key);
  auto view = [](const Sha256Digest& digest) {
    return std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size());
  };
  Sha256Digest date_key = hmacSha256(key, date);
  OPENSSL_cleanse(key.data(), key.size());
  Sha256Digest region_key = hmacSha256(view(date_key), region);
  Sha256Digest service_key = hmacSha256(view(region_key), service);
  return hmacSha256(view(service_key), "aws4_request");
}

std::string computeSignature(const Sha256Digest& signing_key, std::string_view string_to_sign) {
  std::string_view key(reinterpret_cast<const char*>(signing_key.data()), signing_key.size());
  return hexEncode(hmacSha256(key, string_to_sign));
}

}  // namespace switchyard::aws
