#pragma once

#include "gateway/core/result.h"
#include "gateway/store/sqlite_connection.h"

namespace switchyard::aws {

// The schema version this build writes, kept in PRAGMA user_version of aws.sqlite.
inline constexpr int kAwsSchemaVersion = 1;

// Applies the per-connection settings (WAL, synchronous=FULL, busy timeout) and brings the schema
// up to kAwsSchemaVersion, each pending migration in one transaction. Fails, with the version in
// the message and no table touched, on a file written by a newer build.
Status prepareAwsDatabase(store::SqliteConnection* connection);

}  // namespace switchyard::aws
