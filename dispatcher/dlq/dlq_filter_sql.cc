#include "dispatcher/dlq/dlq_filter_sql.h"

#include <algorithm>
#include <limits>
#include <string>

#include "dispatcher/dlq/dlq_record_json.h"

namespace switchyard::dlq {
namespace {

void addCondition(FilterSql& sql, std::string_view condition) {
  sql.where.append(sql.where.empty() ? " WHERE " : " AND ");
  sql.where.append(condition);
}

}  // namespace

FilterSql filterToSql(const DlqFilter& filter) {
  FilterSql sql;
  if (!filter.ids.empty()) {
    // The whole list is one bound JSON array, expanded by json_each: one statement shape for any
    // number of ids, and each id still an index lookup (on id, or on event_id).
    addCondition(sql,
                 "(id IN (SELECT value FROM json_each(?)) OR "
                 "event_id IN (SELECT value FROM json_each(?)))");
    std::string ids = stringsToJson(filter.ids);
    sql.values.emplace_back(ids);
    sql.values.emplace_back(std::move(ids));
  }
  if (!filter.function.empty()) {
    addCondition(sql, "function_name = ?");
    sql.values.emplace_back(filter.function);
  }
  if (!filter.trigger.empty()) {
    addCondition(sql, "trigger_name = ?");
    sql.values.emplace_back(filter.trigger);
  }
  if (filter.since_us != 0) {
    addCondition(sql, "dead_lettered_us >= ?");
    sql.values.emplace_back(filter.since_us);
  }
  if (filter.until_us != 0) {
    addCondition(sql, "dead_lettered_us < ?");
    sql.values.emplace_back(filter.until_us);
  }
  if (!filter.error_substring.empty()) {
    // SQLite's LIKE ignores case for ASCII letters only.
    addCondition(sql, R"((last_error LIKE ? ESCAPE '\' OR reason LIKE ? ESCAPE '\'))");
    std::string pattern = containsPattern(filter.error_substring);
    sql.values.emplace_back(pattern);
    sql.values.emplace_back(std::move(pattern));
  }
  if (!filter.include_replayed) {
    // Written exactly as in the partial indexes' WHERE, which is what lets SQLite use them.
    addCondition(sql, "replay_count = 0");
  }
  if (!filter.after_id.empty()) {
    addCondition(sql, "id > ?");
    sql.values.emplace_back(filter.after_id);
  }
  constexpr auto kMaxLimit = static_cast<size_t>(std::numeric_limits<int64_t>::max());
  sql.limit = static_cast<int64_t>(std::min(filter.limit, kMaxLimit));
  return sql;
}

std::string containsPattern(std::string_view substring) {
  std::string pattern = "%";
  for (char c : substring) {
    if (c == '%' || c == '_' || c == '\\') {
      pattern.push_back('\\');
    }
    pattern.push_back(c);
  }
  pattern.push_back('%');
  return pattern;
}

}  // namespace switchyard::dlq
