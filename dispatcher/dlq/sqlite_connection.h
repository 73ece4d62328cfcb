#pragma once

// The SQLite connection helpers moved to gateway/store/ when the AWS services' state store began
// to share them; these names keep the DLQ's code as it was.
#include "gateway/store/sqlite_connection.h"

namespace switchyard::dlq {

using store::bindBlob;
using store::bindInt;
using store::bindText;
using store::columnBlob;
using store::columnInt;
using store::columnText;
using store::SqliteConnection;
using store::SqliteStatement;
using store::SqliteStatementFinalizer;
using store::SqliteTransaction;
using store::StatementReset;

}  // namespace switchyard::dlq
