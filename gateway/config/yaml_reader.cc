#include "gateway/config/yaml_reader.h"

#include <algorithm>
#include <utility>

#include "gateway/config/spelling.h"
#include "gateway/config/value_parsers.h"
#include "gateway/core/assert.h"

namespace switchyard::config {

namespace {

constexpr size_t kMaxSuggestionDistance = 2;

std::string joinPath(std::string_view path, std::string_view key) {
  std::string joined(path);
  if (!joined.empty()) {
    joined += '.';
  }
  joined += key;
  return joined;
}

std::string joinList(const std::vector<std::string_view>& words) {
  std::string joined;
  for (const std::string_view word : words) {
    joined += joined.empty() ? "" : ", ";
    joined += word;
  }
  return joined;
}

std::string didYouMean(std::string_view word, const std::vector<std::string_view>& candidates) {
  const std::optional<std::string_view> suggestion =
      closestSpelling(word, candidates, kMaxSuggestionDistance);
  return suggestion ? ", did you mean " + quote(*suggestion) + "?" : "";
}

// Where to point at a map value: the value itself, or its key when the value is empty (yaml-cpp
// places an empty value at the next token, often on the next line).
Mark valueMark(const YAML::Node& key, const YAML::Node& value) {
  const Mark mark = markOf(value);
  return value.IsNull() || mark.line == 0 ? markOf(key) : mark;
}

bool isKnown(const std::vector<std::string_view>& keys, std::string_view key) {
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

}  // namespace

std::string formatError(const std::string& path, Mark mark, std::string_view key_path,
                        std::string_view message) {
  std::string out = path;
  if (mark.line > 0) {
    out += ':' + std::to_string(mark.line) + ':' + std::to_string(mark.column);
  }
  out += ": ";
  if (!key_path.empty()) {
    out += key_path;
    out += ": ";
  }
  out += message;
  return out;
}

Mark markOf(const YAML::Node& node) {
  if (!node.IsDefined()) {
    return {};
  }
  const YAML::Mark mark = node.Mark();
  if (mark.is_null() || mark.line < 0) {
    return {};
  }
  return {mark.line + 1, mark.column + 1};
}

void ErrorSink::report(Mark mark, std::string_view key_path, std::string_view message) {
  if (!first_) {
    first_ = formatError(file_, mark, key_path, message);
  }
}

Error ErrorSink::error() const {
  SY_ASSERT(first_.has_value());
  return makeError(Errc::kInvalidArgument, *first_);
}

ValueRef rootRef(const YAML::Node& root) {
  Mark mark = markOf(root);
  if (mark.line == 0) {
    mark = {1, 1};
  }
  return {root, "", mark, mark};
}

ValueRef itemRef(const ValueRef& list, size_t index, const YAML::Node& item) {
  Mark mark = markOf(item);
  if (item.IsNull() || mark.line == 0) {
    mark = list.mark;
  }
  return {item, list.path + "[" + std::to_string(index) + "]", mark, mark};
}

std::string describeNode(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) {
    return "nothing";
  }
  if (node.IsSequence()) {
    return node.size() == 0 ? "an empty list" : "a list";
  }
  if (node.IsMap()) {
    return node.size() == 0 ? "an empty map" : "a map";
  }
  return quote(node.Scalar());
}

void reportExpected(ErrorSink& errors, const ValueRef& value, std::string_view what) {
  errors.report(value.mark, value.path,
                "expected " + std::string(what) + ", got " + describeNode(value.node));
}

std::optional<ValueRef> findEntry(const ValueRef& map, std::string_view key) {
  if (!map.node.IsMap()) {
    return std::nullopt;
  }
  for (const auto& entry : map.node) {
    if (entry.first.IsScalar() && entry.first.Scalar() == key) {
      return ValueRef{entry.second, joinPath(map.path, key), valueMark(entry.first, entry.second),
                      markOf(entry.first)};
    }
  }
  return std::nullopt;
}

void forEachEntry(ErrorSink& errors, const ValueRef& map,
                  const std::function<void(const std::string& key, const ValueRef& value)>& visit) {
  if (map.node.IsNull()) {
    return;
  }
  if (!map.node.IsMap()) {
    reportExpected(errors, map, "a map");
    return;
  }
  std::vector<std::pair<std::string, Mark>> seen;
  for (const auto& entry : map.node) {
    const Mark key_mark = markOf(entry.first);
    if (!entry.first.IsScalar()) {
      errors.report(key_mark, map.path, "expected a name as key, got " + describeNode(entry.first));
      continue;
    }
    const std::string& key = entry.first.Scalar();
    const auto previous = std::find_if(seen.begin(), seen.end(),
                                       [&key](const auto& item) { return item.first == key; });
    if (previous != seen.end()) {
      errors.report(key_mark, joinPath(map.path, key),
                    "duplicate key " + quote(key) + " (first at line " +
                        std::to_string(previous->second.line) + ")");
      continue;
    }
    seen.emplace_back(key, key_mark);
    visit(key, ValueRef{entry.second, joinPath(map.path, key), valueMark(entry.first, entry.second),
                        key_mark});
  }
}

MapReader::MapReader(ErrorSink& errors, ValueRef map, std::vector<std::string_view> known_keys,
                     std::string_view what)
    : errors_(errors), map_(std::move(map)), known_keys_(std::move(known_keys)) {
  if (map_.node.IsNull()) {
    return;
  }
  if (!map_.node.IsMap()) {
    reportExpected(errors_, map_, what);
    return;
  }
  for (const auto& item : map_.node) {
    Entry entry{item.first.IsScalar() ? item.first.Scalar() : "", item.first, item.second};
    checkKey(entry);
    entries_.push_back(std::move(entry));
  }
}

MapReader::~MapReader() {
  if (errors_.failed()) {
    return;
  }
  for (const Entry& entry : entries_) {
    SY_DEBUG_ASSERT(entry.read);
  }
}

void MapReader::checkKey(const Entry& entry) {
  const Mark key_mark = markOf(entry.key_node);
  if (!entry.key_node.IsScalar()) {
    errors_.report(key_mark, map_.path, "expected a key name, got " + describeNode(entry.key_node));
    return;
  }
  const auto previous =
      std::find_if(entries_.begin(), entries_.end(),
                   [&entry](const Entry& other) { return other.key == entry.key; });
  if (previous != entries_.end()) {
    errors_.report(key_mark, pathOf(entry.key),
                   "duplicate key " + quote(entry.key) + " (first at line " +
                       std::to_string(markOf(previous->key_node).line) + ")");
    return;
  }
  if (entry.key == "<<" && !isKnown(known_keys_, entry.key)) {
    errors_.report(key_mark, pathOf(entry.key),
                   "merge keys (<<) are not supported by the YAML reader; write the keys out");
    return;
  }
  if (!isKnown(known_keys_, entry.key)) {
    errors_.report(key_mark, pathOf(entry.key),
                   "unknown key " + quote(entry.key) + didYouMean(entry.key, known_keys_) +
                       " (expected one of: " + joinList(known_keys_) + ")");
  }
}

std::optional<ValueRef> MapReader::find(std::string_view key) {
  SY_DEBUG_ASSERT(isKnown(known_keys_, key));
  std::optional<ValueRef> found;
  for (Entry& entry : entries_) {
    if (entry.key == key) {
      entry.read = true;
      if (!found) {
        found = ValueRef{entry.value, pathOf(key), valueMark(entry.key_node, entry.value),
                         markOf(entry.key_node)};
      }
    }
  }
  return found;
}

bool MapReader::has(std::string_view key) const {
  return std::any_of(entries_.begin(), entries_.end(),
                     [key](const Entry& entry) { return entry.key == key; });
}

std::string MapReader::pathOf(std::string_view key) const { return joinPath(map_.path, key); }

void MapReader::readString(std::string_view key, std::string* out) {
  if (std::optional<ValueRef> value = find(key)) {
    if (std::optional<std::string> text = config::readString(errors_, *value)) {
      *out = std::move(*text);
    }
  }
}

void MapReader::readBool(std::string_view key, bool* out) {
  if (std::optional<ValueRef> value = find(key)) {
    if (std::optional<bool> flag = config::readBool(errors_, *value)) {
      *out = *flag;
    }
  }
}

void MapReader::readDuration(std::string_view key, Duration min, Duration max, Duration* out) {
  if (std::optional<ValueRef> value = find(key)) {
    if (std::optional<Duration> duration = config::readDuration(errors_, *value, min, max)) {
      *out = *duration;
    }
  }
}

void MapReader::readByteSize(std::string_view key, size_t min, size_t max, size_t* out) {
  if (std::optional<ValueRef> value = find(key)) {
    if (std::optional<size_t> bytes = config::readByteSize(errors_, *value, min, max)) {
      *out = *bytes;
    }
  }
}

void MapReader::readHostPort(std::string_view key, HostPort* out) {
  if (std::optional<ValueRef> value = find(key)) {
    if (std::optional<HostPort> address = config::readHostPort(errors_, *value)) {
      *out = std::move(*address);
    }
  }
}

}  // namespace switchyard::config
