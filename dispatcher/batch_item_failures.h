#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace switchyard::dispatcher {

// Reads a function's partial batch response, {"batchItemFailures":[{"itemIdentifier":ID}, ...]}
// (Lambda's ReportBatchItemFailures contract), and returns the identifiers it names. An empty
// answer, `null`, or an object without the member means nothing failed. nullopt when the answer is
// not such a document or an entry has no identifier: Lambda then treats the whole batch as failed.
std::optional<std::set<std::string, std::less<>>> parseBatchItemFailures(std::string_view body);

}  // namespace switchyard::dispatcher
