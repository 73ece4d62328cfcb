#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gateway/core/result.h"

namespace switchyard::aws {

// The parameters of an AWS query-protocol call (`Action=Publish&TopicArn=...`), from an
// application/x-www-form-urlencoded body or a URL query string, decoded ('+' is a space, %XX a
// byte). AWS flattens lists and maps into numbered keys; the helpers below read them back:
//
//   AttributeName.1=All&AttributeName.2=Policy             list("AttributeName")
//   MessageAttribute.1.Name=k&MessageAttribute.1.Value.DataType=String
//                                                           indexedStructs("MessageAttribute")
//   MessageAttributes.entry.1.Name=k (SNS) indexedStructs("MessageAttributes.entry")
//   Attribute.1.Name=VisibilityTimeout&Attribute.1.Value=5  pairs("Attribute", "Name", "Value")
//   SendMessageBatchRequestEntry.2.MessageAttribute.1.Name  nested: indexedStructs(...) then
//                                                           .fields.indexedStructs("MessageAttribute")
//
// A value type: copies what it parses, so it outlives the request.
struct IndexedEntry;

class QueryParams {
 public:
  // Decodes `form`. Fails on a malformed %XX escape. Empty pieces (`a=1&&b=2`) are skipped; a
  // piece without '=' is a name with an empty value.
  static Result<QueryParams> parse(std::string_view form);

  // The first value for `name`, or nullptr.
  const std::string* find(std::string_view name) const;
  // The first value for `name`, or empty.
  std::string_view get(std::string_view name) const;
  bool has(std::string_view name) const { return find(name) != nullptr; }
  // Every value for `name`, in the order sent.
  std::vector<std::string_view> all(std::string_view name) const;

  // Values of `prefix.N` for N = 1, 2, ..., sorted by N (gaps allowed; non-numeric suffixes are
  // not part of the list).
  std::vector<std::string> list(std::string_view prefix) const;

  // Members of `prefix.N.*`, grouped by N and sorted by N.
  std::vector<IndexedEntry> indexedStructs(std::string_view prefix) const;

  // `prefix.N.<key_field>` / `prefix.N.<value_field>` pairs, sorted by N; entries without the key
  // field are skipped, a missing value is empty.
  std::vector<std::pair<std::string, std::string>> pairs(std::string_view prefix,
                                                         std::string_view key_field,
                                                         std::string_view value_field) const;

  size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  // Sorted by name; values of one name in the order sent.
  const std::multimap<std::string, std::string, std::less<>>& entries() const { return entries_; }

  void add(std::string name, std::string value);

 private:
  std::multimap<std::string, std::string, std::less<>> entries_;
};

// One `prefix.N` of a flattened list of structures.
struct IndexedEntry {
  uint32_t index = 0;
  // Keys relative to `prefix.N.` ("Name", "Value.DataType"); they may nest further.
  QueryParams fields;
};

// Decodes one form component: '+' becomes a space, %XX a byte. False on a malformed escape.
bool formDecode(std::string_view text, std::string* out);

}  // namespace switchyard::aws
