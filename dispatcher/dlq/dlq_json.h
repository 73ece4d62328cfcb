#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "dispatcher/dlq/dlq_record.h"
#include "dispatcher/dlq/replay_job.h"
#include "gateway/core/result.h"

namespace switchyard::dlq {

// The JSON shapes of the DLQ admin API (and `switchyard dlq ... --json`). A record's payload is a
// string when it is valid UTF-8, otherwise "payload_base64"; `full` adds the payload, attributes,
// attempt timeline and replay history to the summary fields.
void appendRecordJson(std::string& out, const DlqRecord& record, bool full);
std::string recordsPageJson(const std::vector<DlqRecord>& records, bool full, size_t limit);

// The CLI reads the API's answers back into records.
Result<std::vector<DlqRecord>> recordsFromJson(std::string_view json, std::string* next_after);
Result<DlqRecord> recordFromJson(std::string_view json);

// POST /v1/dlq/replay body ⇄ ReplayRequest (filter fields as in dlq_query.h, plus "to", "rate",
// "force" and "dry_run").
std::string replayRequestJson(const ReplayRequest& request, bool dry_run);
Result<ReplayRequest> replayRequestFromJson(std::string_view json, bool* dry_run);

}  // namespace switchyard::dlq
