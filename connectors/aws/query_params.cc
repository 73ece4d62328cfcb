#include "connectors/aws/query_params.h"

#include <algorithm>

#include "gateway/http/url_decode.h"

namespace switchyard::aws {
namespace {

// Indices longer than this are not list positions but garbage; AWS lists are short.
constexpr size_t kMaxIndexDigits = 9;

// Parses the decimal index at the start of `text` up to the next '.' (or the end). Returns false
// if it is not a positive number.
bool parseIndex(std::string_view text, uint32_t* index, size_t* length) {
  size_t end = text.find('.');
  std::string_view digits = text.substr(0, end);
  if (digits.empty() || digits.size() > kMaxIndexDigits) {
    return false;
  }
  uint32_t value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') {
      return false;
    }
    value = value * 10 + static_cast<uint32_t>(c - '0');
  }
  if (value == 0) {
    return false;
  }
  *index = value;
  *length = digits.size();
  return true;
}

// Iterates over the entries whose name starts with `prefix.` and calls visit(index, rest, value)
// where rest is what follows `prefix.N` (empty, or ".Sub.Key").
template <typename Visit>
void forEachIndexed(const std::multimap<std::string, std::string, std::less<>>& entries,
                    std::string_view prefix, Visit&& visit) {
  std::string start(prefix);
  start.push_back('.');
  for (auto it = entries.lower_bound(start); it != entries.end(); ++it) {
    std::string_view name = it->first;
    if (name.substr(0, start.size()) != start) {
      break;
    }
    std::string_view rest = name.substr(start.size());
    uint32_t index = 0;
    size_t length = 0;
    if (!parseIndex(rest, &index, &length)) {
      continue;
    }
    visit(index, rest.substr(length), it->second);
  }
}

}  // namespace

bool formDecode(std::string_view text, std::string* out) {
  if (text.find('+') == std::string_view::npos) {
    return http::percentDecode(text, out);
  }
  std::string spaced(text);
  std::replace(spaced.begin(), spaced.end(), '+', ' ');
  return http::percentDecode(spaced, out);
}

Result<QueryParams> QueryParams::parse(std::string_view form) {
  QueryParams params;
  size_t position = 0;
  while (position <= form.size()) {
    size_t end = form.find('&', position);
    if (end == std::string_view::npos) {
      end = form.size();
    }
    std::string_view piece = form.substr(position, end - position);
    position = end + 1;
    if (piece.empty()) {
      continue;
    }
    size_t equals = piece.find('=');
    std::string name;
    std::string value;
    if (!formDecode(piece.substr(0, equals), &name) ||
        (equals != std::string_view::npos && !formDecode(piece.substr(equals + 1), &value))) {
      return makeError(Errc::kInvalidArgument,
                       "malformed percent-encoding in form parameter '" +
                           std::string(piece.substr(0, std::min<size_t>(piece.size(), 64))) + "'");
    }
    params.add(std::move(name), std::move(value));
  }
  return params;
}

void QueryParams::add(std::string name, std::string value) {
  entries_.emplace(std::move(name), std::move(value));
}

const std::string* QueryParams::find(std::string_view name) const {
  auto it = entries_.find(name);
  return it == entries_.end() ? nullptr : &it->second;
}

std::string_view QueryParams::get(std::string_view name) const {
  const std::string* value = find(name);
  return value == nullptr ? std::string_view{} : std::string_view(*value);
}

std::vector<std::string_view> QueryParams::all(std::string_view name) const {
  std::vector<std::string_view> values;
  auto [first, last] = entries_.equal_range(name);
  for (auto it = first; it != last; ++it) {
    values.push_back(it->second);
  }
  return values;
}

std::vector<std::string> QueryParams::list(std::string_view prefix) const {
  std::vector<std::pair<uint32_t, const std::string*>> found;
  forEachIndexed(entries_, prefix,
                 [&](uint32_t index, std::string_view rest, const std::string& value) {
                   if (rest.empty()) {
                     found.emplace_back(index, &value);
                   }
                 });
  std::stable_sort(found.begin(), found.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> values;
  values.reserve(found.size());
  for (const auto& [index, value] : found) {
    values.push_back(*value);
  }
  return values;
}

std::vector<IndexedEntry> QueryParams::indexedStructs(std::string_view prefix) const {
  std::map<uint32_t, QueryParams> grouped;
  forEachIndexed(entries_, prefix,
                 [&](uint32_t index, std::string_view rest, const std::string& value) {
                   if (rest.size() > 1) {  // ".Key"
                     grouped[index].add(std::string(rest.substr(1)), value);
                   }
                 });
  std::vector<IndexedEntry> structs;
  structs.reserve(grouped.size());
  for (auto& [index, fields] : grouped) {
    structs.push_back(IndexedEntry{index, std::move(fields)});
  }
  return structs;
}

std::vector<std::pair<std::string, std::string>> QueryParams::pairs(
    std::string_view prefix, std::string_view key_field, std::string_view value_field) const {
  std::vector<std::pair<std::string, std::string>> result;
  for (const IndexedEntry& entry : indexedStructs(prefix)) {
    const std::string* key = entry.fields.find(key_field);
    if (key == nullptr) {
      continue;
    }
    result.emplace_back(*key, std::string(entry.fields.get(value_field)));
  }
  return result;
}

}  // namespace switchyard::aws
