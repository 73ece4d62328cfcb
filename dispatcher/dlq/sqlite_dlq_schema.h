#pragma once

#include "dispatcher/dlq/sqlite_connection.h"
#include "gateway/core/result.h"

namespace switchyard::dlq {

// The schema version this build writes, kept in PRAGMA user_version.
inline constexpr int kDlqSchemaVersion = 1;

// Applies the per-connection settings (WAL, synchronous=FULL, busy timeout) and brings the schema
// up to kDlqSchemaVersion, running each pending migration in one transaction. Fails, changing
// nothing, on a file written by a newer build.
Status prepareDlqDatabase(SqliteConnection* connection);

}  // namespace switchyard::dlq
