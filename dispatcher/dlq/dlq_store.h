#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dispatcher/dlq/dlq_record.h"
#include "gateway/core/result.h"

namespace switchyard::dlq {

// Durable storage for dead-lettered deliveries. The SQLite backend (embedded default) implements
// it; Redis-streams and Kafka backends implement the same interface, so callers do not change.
//
// NOTE: a store object is used by one thread at a time (the gateway's DLQ thread, or the CLI).
// Calls block on I/O: never call them from a shard or the control loop.
class DlqStore {
 public:
  virtual ~DlqStore() = default;

  // Appends the records durably: when this returns ok, they survive a crash (kill -9) and a
  // power loss to the extent the backend's sync setting allows. All-or-nothing per call.
  virtual Status append(const std::vector<DlqRecord>& records) = 0;
  // Matching records, oldest first (by id).
  virtual Result<std::vector<DlqRecord>> list(const DlqFilter& filter) = 0;
  virtual Result<size_t> count(const DlqFilter& filter) = 0;
  // By record id or event id (the first match); nullopt when absent.
  virtual Result<std::optional<DlqRecord>> get(const std::string& id) = 0;
  // Adds `replay` to each record's history, atomically for the batch.
  virtual Status markReplayed(const std::vector<std::string>& ids, const ReplayRecord& replay) = 0;
  // Deletes matching records; returns how many.
  virtual Result<size_t> purge(const DlqFilter& filter) = 0;
};

// Opens the store named by the config's `store.dlq` under `data_dir`: "sqlite" →
// DATA_DIR/dlq.sqlite (created with its directory if missing).
Result<std::unique_ptr<DlqStore>> openDlqStore(const std::string& kind,
                                               const std::string& data_dir);

}  // namespace switchyard::dlq
