#include "dispatcher/dlq/dlq_query.h"

#include <charconv>
#include <ctime>

#include "gateway/config/config.h"
#include "gateway/core/event.h"
#include "gateway/http/url_decode.h"

namespace switchyard::dlq {
namespace {

bool parseInteger(std::string_view text, int64_t* out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && end == text.data() + text.size();
}

// 2026-11-25T08:00:00Z or with fractional seconds / a +hh:mm offset.
bool parseRfc3339(std::string_view text, int64_t* out_us) {
  std::tm tm{};
  int year, month, day, hour, minute, second;
  char separator;
  int consumed = 0;
  std::string copy(text);
  if (std::sscanf(copy.c_str(), "%4d-%2d-%2d%c%2d:%2d:%2d%n", &year, &month, &day, &separator,
                  &hour, &minute, &second, &consumed) != 7 ||
      (separator != 'T' && separator != 't' && separator != ' ')) {
    return false;
  }
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  int64_t micros = static_cast<int64_t>(timegm(&tm)) * 1'000'000;
  std::string_view rest = text.substr(static_cast<size_t>(consumed));
  if (!rest.empty() && rest.front() == '.') {
    rest.remove_prefix(1);
    int64_t fraction = 0;
    int digits = 0;
    while (!rest.empty() && rest.front() >= '0' && rest.front() <= '9') {
      if (digits < 6) {
        fraction = fraction * 10 + (rest.front() - '0');
        ++digits;
      }
      rest.remove_prefix(1);
    }
    while (digits++ < 6) {
      fraction *= 10;
    }
    micros += fraction;
  }
  if (rest == "Z" || rest == "z") {
    *out_us = micros;
    return true;
  }
  int offset_hours, offset_minutes;
  if (rest.size() == 6 && (rest[0] == '+' || rest[0] == '-') &&
      std::sscanf(std::string(rest.substr(1)).c_str(), "%2d:%2d", &offset_hours, &offset_minutes) ==
          2) {
    int64_t offset = (offset_hours * 3600 + offset_minutes * 60) * int64_t{1'000'000};
    *out_us = rest[0] == '+' ? micros - offset : micros + offset;
    return true;
  }
  return false;
}

}  // namespace

Result<int64_t> parseTimePoint(std::string_view text, int64_t now_us) {
  int64_t value = 0;
  if (parseInteger(text, &value)) {
    return value;
  }
  if (parseRfc3339(text, &value)) {
    return value;
  }
  Result<config::Duration> ago = config::parseDuration(text);
  if (ago.ok()) {
    return now_us - ago->count() * 1000;
  }
  return makeError(Errc::kInvalidArgument,
                   "\"" + std::string(text) +
                       "\" is not a time: use RFC 3339 (2026-11-25T08:00:00Z), Unix microseconds, "
                       "or a duration ago (15m, 2h, 1d)");
}

Status applyFilterParameter(DlqFilter& filter, std::string_view key, std::string_view value) {
  if (key == "function") {
    filter.function = std::string(value);
  } else if (key == "trigger") {
    filter.trigger = std::string(value);
  } else if (key == "error") {
    filter.error_substring = std::string(value);
  } else if (key == "after") {
    filter.after_id = std::string(value);
  } else if (key == "id" || key == "ids") {
    filter.ids.emplace_back(value);
  } else if (key == "limit") {
    int64_t limit = 0;
    if (!parseInteger(value, &limit) || limit < 0) {
      return makeError(Errc::kInvalidArgument,
                       "limit must be a non-negative integer, got \"" + std::string(value) + "\"");
    }
    filter.limit = static_cast<size_t>(limit);
  } else if (key == "replayed") {
    if (value != "true" && value != "false") {
      return makeError(Errc::kInvalidArgument, "replayed must be true or false");
    }
    filter.include_replayed = value == "true";
  } else if (key == "since" || key == "until") {
    Result<int64_t> point = parseTimePoint(value, unixMicrosNow());
    if (!point.ok()) {
      return makeError(Errc::kInvalidArgument, std::string(key) + ": " + point.error().message);
    }
    (key == "since" ? filter.since_us : filter.until_us) = *point;
  } else {
    return makeError(Errc::kInvalidArgument,
                     "unknown filter \"" + std::string(key) +
                         "\" (use function, trigger, since, until, error, id, limit, after, "
                         "replayed)");
  }
  return okStatus();
}

Status parseFilterQuery(std::string_view query, DlqFilter& filter) {
  while (!query.empty()) {
    size_t end = query.find('&');
    std::string_view pair = query.substr(0, end);
    query.remove_prefix(end == std::string_view::npos ? query.size() : end + 1);
    if (pair.empty()) {
      continue;
    }
    size_t equals = pair.find('=');
    std::string key, value;
    if (!http::percentDecode(pair.substr(0, equals), &key) ||
        !http::percentDecode(
            equals == std::string_view::npos ? std::string_view() : pair.substr(equals + 1),
            &value)) {
      return makeError(Errc::kInvalidArgument, "malformed %-escape in the query");
    }
    for (char& c : value) {
      if (c == '+') {
        c = ' ';
      }
    }
    if (Status status = applyFilterParameter(filter, key, value); !status.ok()) {
      return status;
    }
  }
  return okStatus();
}

std::string filterToQuery(const DlqFilter& filter) {
  std::string query;
  auto add = [&](std::string_view key, std::string_view value) {
    query += query.empty() ? "" : "&";
    query.append(key);
    query.push_back('=');
    static constexpr char kHex[] = "0123456789ABCDEF";
    for (unsigned char c : value) {
      if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
        query.push_back(static_cast<char>(c));
      } else {
        query.push_back('%');
        query.push_back(kHex[c >> 4]);
        query.push_back(kHex[c & 15]);
      }
    }
  };
  if (!filter.function.empty()) add("function", filter.function);
  if (!filter.trigger.empty()) add("trigger", filter.trigger);
  if (!filter.error_substring.empty()) add("error", filter.error_substring);
  if (!filter.after_id.empty()) add("after", filter.after_id);
  for (const std::string& id : filter.ids) add("id", id);
  if (filter.limit > 0) add("limit", std::to_string(filter.limit));
  if (!filter.include_replayed) add("replayed", "false");
  if (filter.since_us != 0) add("since", std::to_string(filter.since_us));
  if (filter.until_us != 0) add("until", std::to_string(filter.until_us));
  return query;
}

bool filterIsEmpty(const DlqFilter& filter) {
  return filter.ids.empty() && filter.function.empty() && filter.trigger.empty() &&
         filter.since_us == 0 && filter.until_us == 0 && filter.error_substring.empty() &&
         filter.include_replayed;
}

}  // namespace switchyard::dlq
