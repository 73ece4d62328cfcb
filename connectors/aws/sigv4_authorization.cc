#include "connectors/aws/sigv4_authorization.h"

#include <algorithm>
#include <optional>

namespace switchyard::aws {
namespace {

constexpr size_t kQuoteLimit = 80;  // how much of a bad value an error message repeats

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  return text;
}

std::string quoted(std::string_view text) {
  std::string out = "'";
  out.append(text.substr(0, kQuoteLimit));
  if (text.size() > kQuoteLimit) {
    out.append("...");
  }
  out.push_back('\'');
  return out;
}

Error malformed(std::string message) {
  return makeError(Errc::kInvalidArgument, std::move(message));
}

bool isDigits(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A header name as SignedHeaders lists it: lowercase RFC 9110 token characters.
bool isSignedHeaderName(std::string_view name) {
  if (name.empty()) {
    return false;
  }
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
    if (!ok) {
      return false;
    }
  }
  return true;
}

Result<SigV4Credential> parseCredential(std::string_view text) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t slash = text.find('/', start);
    parts.push_back(text.substr(start, slash == std::string_view::npos ? slash : slash - start));
    if (slash == std::string_view::npos) {
      break;
    }
    start = slash + 1;
  }
  if (parts.size() != 5 ||
      std::any_of(parts.begin(), parts.end(), [](std::string_view part) { return part.empty(); })) {
    return malformed("Credential " + quoted(text) +
                     " must have the form <access key id>/<yyyymmdd>/<region>/<service>/" +
                     std::string(kSigV4Terminator) + ".");
  }
  if (parts[1].size() != 8 || !isDigits(parts[1])) {
    return malformed("Credential date " + quoted(parts[1]) + " must be yyyymmdd.");
  }
  if (parts[4] != kSigV4Terminator) {
    return malformed("Credential should be scoped with a valid terminator: '" +
                     std::string(kSigV4Terminator) + "', not " + quoted(parts[4]) + ".");
  }
  return SigV4Credential{std::string(parts[0]), std::string(parts[1]), std::string(parts[2]),
                         std::string(parts[3])};
}

Result<std::vector<std::string>> parseSignedHeaders(std::string_view text) {
  std::vector<std::string> names;
  size_t start = 0;
  while (true) {
    size_t semicolon = text.find(';', start);
    std::string_view name =
        text.substr(start, semicolon == std::string_view::npos ? semicolon : semicolon - start);
    if (!isSignedHeaderName(name)) {
      return malformed("SignedHeaders " + quoted(text) +
                       " must be lowercase header names separated by ';'.");
    }
    if (std::find(names.begin(), names.end(), name) != names.end()) {
      return malformed("SignedHeaders lists " + quoted(name) + " twice.");
    }
    names.emplace_back(name);
    if (semicolon == std::string_view::npos) {
      break;
    }
    start = semicolon + 1;
  }
  return names;
}

bool isLowerHex(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

}  // namespace

std::string SigV4Credential::scope() const {
  std::string out;
  out.reserve(date.size() + region.size() + service.size() + kSigV4Terminator.size() + 3);
  out.append(date).append("/").append(region).append("/").append(service).append("/");
  out.append(kSigV4Terminator);
  return out;
}

std::string SigV4Authorization::signedHeadersText() const {
  std::string out;
  for (const std::string& name : signed_headers) {
    if (!out.empty()) {
      out.push_back(';');
    }
    out.append(name);
  }
  return out;
}

Result<SigV4Authorization> parseAuthorization(std::string_view header) {
  header = trim(header);
  size_t space = header.find(' ');
  std::string_view algorithm = header.substr(0, space);
  if (algorithm != kSigV4Algorithm) {
    if (algorithm == "AWS4-ECDSA-P256-SHA256") {
      return malformed("SigV4a (AWS4-ECDSA-P256-SHA256) is not supported; sign with " +
                       std::string(kSigV4Algorithm) + ".");
    }
    return malformed("Unsupported AWS 'algorithm': " + quoted(algorithm) + "; expected '" +
                     std::string(kSigV4Algorithm) + "'.");
  }
  std::string_view rest =
      space == std::string_view::npos ? std::string_view{} : header.substr(space + 1);
  std::optional<std::string_view> credential;
  std::optional<std::string_view> signed_headers;
  std::optional<std::string_view> signature;
  size_t start = 0;
  while (start <= rest.size()) {
    size_t comma = rest.find(',', start);
    std::string_view component =
        trim(rest.substr(start, comma == std::string_view::npos ? comma : comma - start));
    start = comma == std::string_view::npos ? rest.size() + 1 : comma + 1;
    if (component.empty()) {
      if (comma == std::string_view::npos) {
        break;
      }
      return malformed("Authorization header has an empty component.");
    }
    size_t equals = component.find('=');
    if (equals == std::string_view::npos) {
      return malformed("Authorization header component " + quoted(component) +
                       " is not of the form key=value.");
    }
    std::string_view key = component.substr(0, equals);
    std::string_view value = component.substr(equals + 1);
    std::optional<std::string_view>* slot = nullptr;
    if (key == "Credential") {
      slot = &credential;
    } else if (key == "SignedHeaders") {
      slot = &signed_headers;
    } else if (key == "Signature") {
      slot = &signature;
    } else {
      return malformed("Authorization header has an unknown component " + quoted(key) + ".");
    }
    if (slot->has_value()) {
      return malformed("Authorization header has '" + std::string(key) + "' twice.");
    }
    *slot = value;
  }
  std::string missing;
  for (auto [name, slot] :
       {std::pair{"Credential", &credential}, std::pair{"SignedHeaders", &signed_headers},
        std::pair{"Signature", &signature}}) {
    if (!slot->has_value()) {
      if (!missing.empty()) {
        missing.push_back(' ');
      }
      missing.append("Authorization header requires '").append(name).append("' parameter.");
    }
  }
  if (!missing.empty()) {
    return malformed(std::move(missing));
  }
  Result<SigV4Credential> parsed_credential = parseCredential(*credential);
  if (!parsed_credential.ok()) {
    return parsed_credential.error();
  }
  Result<std::vector<std::string>> names = parseSignedHeaders(*signed_headers);
  if (!names.ok()) {
    return names.error();
  }
  if (signature->size() != 64 || !isLowerHex(*signature)) {
    return malformed("Signature " + quoted(*signature) + " must be 64 lowercase hex digits.");
  }
  return SigV4Authorization{std::move(parsed_credential).value(), std::move(names).value(),
                            std::string(*signature)};
}

}  // namespace switchyard::aws
