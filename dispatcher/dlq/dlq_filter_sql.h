#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "dispatcher/dlq/dlq_record.h"

namespace switchyard::dlq {

// A DlqFilter as SQL over the dlq_records table: a WHERE clause whose values are all `?`
// placeholders, and the values to bind to them in order. Nothing from the filter is ever pasted
// into the SQL text, so the text depends only on which fields are set (the store caches one
// prepared statement per shape).
struct FilterSql {
  std::string where;  // "" or " WHERE ..."
  std::vector<std::variant<int64_t, std::string>> values;
  int64_t limit = 0;  // 0: none; bound after `values` by the caller's " LIMIT ?"
};

FilterSql filterToSql(const DlqFilter& filter);

// `%substring%` for LIKE ... ESCAPE '\', with the substring's own %, _ and \ escaped so they
// match literally.
std::string containsPattern(std::string_view substring);

}  // namespace switchyard::dlq
