#pragma once

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gateway/config/config.h"
#include "gateway/core/result.h"

// Reading a YAML document into typed config, with errors that say where (file:line:col and the
// key path), what was expected and what was found. Used by the config loader; a connector that
// validates its `source` block can use it as well.
//
// NOTE: an ErrorSink and the readers over it belong to the one thread running the load.

namespace switchyard::config {

// Keeps the first error of a load. Readers carry on after an error (the loading code stays
// straight-line), but only the first is reported: later ones are often its consequences.
class ErrorSink {
 public:
  explicit ErrorSink(std::string file) : file_(std::move(file)) {}

  void report(Mark mark, std::string_view key_path, std::string_view message);
  bool failed() const { return first_.has_value(); }
  const std::string& file() const { return file_; }
  // Precondition: failed().
  Error error() const;

 private:
  std::string file_;
  std::optional<std::string> first_;
};

// A value in the document and how to point at it.
struct ValueRef {
  YAML::Node node;
  std::string path;  // "functions.thumbnail.timeout", "triggers.hook.functions[1]"
  Mark mark;         // the value; its key's when the value is empty (an empty value has no place)
  Mark key_mark;     // the key holding the value (the item itself for list items)
};

// The document root: empty path, marks 1:1.
ValueRef rootRef(const YAML::Node& root);
// The item at `index` of the list `list`.
ValueRef itemRef(const ValueRef& list, size_t index, const YAML::Node& item);

// "a map", "an empty list", "nothing", the scalar quoted...: the "got ..." of a message.
std::string describeNode(const YAML::Node& node);
// Reports "expected <what>, got <describeNode(value)>" at `value`.
void reportExpected(ErrorSink& errors, const ValueRef& value, std::string_view what);

// Typed reads of one value: on a wrong value, report it and return nullopt.
std::optional<std::string> readString(ErrorSink& errors, const ValueRef& value);
std::optional<bool> readBool(ErrorSink& errors, const ValueRef& value);
std::optional<int64_t> readInteger(ErrorSink& errors, const ValueRef& value, int64_t min,
                                   int64_t max);
std::optional<Duration> readDuration(ErrorSink& errors, const ValueRef& value, Duration min,
                                     Duration max);
std::optional<size_t> readByteSize(ErrorSink& errors, const ValueRef& value, size_t min,
                                   size_t max);
std::optional<HostPort> readHostPort(ErrorSink& errors, const ValueRef& value);
// One of `choices` (with a "did you mean" for a near miss).
std::optional<std::string> readChoice(ErrorSink& errors, const ValueRef& value,
                                      const std::vector<std::string_view>& choices);

// The value under `key` in the map `map`, without checking the map's other keys (for blocks whose
// other keys belong to someone else, like a trigger's `source`). nullopt if absent or not a map.
std::optional<ValueRef> findEntry(const ValueRef& map, std::string_view key);

// Visits, in document order, the entries of a map whose keys the user names (functions, triggers,
// env). Reports a value that is not a map (an empty value is an empty map), keys that are not
// strings and duplicated keys; the visitor is not called for those.
void forEachEntry(ErrorSink& errors, const ValueRef& map,
                  const std::function<void(const std::string& key, const ValueRef& value)>& visit);

// Reads a map with a fixed set of keys. Construction checks every key in document order: an
// unknown key is reported with the expected ones (and a "did you mean"), so a typo is reported
// before the "missing key" it causes. In debug builds the destructor asserts that the loader read
// every key present: a known key nobody reads is a bug.
class MapReader {
 public:
  // `what` is what a non-map value is reported as instead of ("a map", "{ dlq: true }", ...).
  // An empty value reads as an empty map.
  MapReader(ErrorSink& errors, ValueRef map, std::vector<std::string_view> known_keys,
            std::string_view what = "a map");
  ~MapReader();
  MapReader(const MapReader&) = delete;
  MapReader& operator=(const MapReader&) = delete;

  // The value under `key` if present. `key` must be one of the known keys.
  std::optional<ValueRef> find(std::string_view key);
  bool has(std::string_view key) const;

  // Read `key` if present; store it in *out if valid.
  void readString(std::string_view key, std::string* out);
  void readBool(std::string_view key, bool* out);
  void readDuration(std::string_view key, Duration min, Duration max, Duration* out);
  void readByteSize(std::string_view key, size_t min, size_t max, size_t* out);
  void readHostPort(std::string_view key, HostPort* out);
  template <typename Integer>
  void readInteger(std::string_view key, int64_t min, int64_t max, Integer* out) {
    if (std::optional<ValueRef> value = find(key)) {
      if (std::optional<int64_t> number = config::readInteger(errors_, *value, min, max)) {
        *out = static_cast<Integer>(*number);
      }
    }
  }

  ErrorSink& errors() { return errors_; }
  const ValueRef& ref() const { return map_; }
  std::string pathOf(std::string_view key) const;

 private:
  struct Entry {
    std::string key;
    YAML::Node key_node;
    YAML::Node value;
    bool read = false;
  };

  void checkKey(const Entry& entry);

  ErrorSink& errors_;
  ValueRef map_;
  std::vector<std::string_view> known_keys_;
  std::vector<Entry> entries_;
};

}  // namespace switchyard::config
