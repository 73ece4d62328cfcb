#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "dispatcher/dlq/dlq_record.h"
#include "dispatcher/dlq/replay_job.h"
#include "gateway/config/config.h"
#include "gateway/core/result.h"

namespace switchyard::cli {

// What `switchyard dlq` needs, whether the gateway runs (through its admin API) or not (on the
// store directly, replaying through an embedded dispatcher built from the same config).
class DlqClient {
 public:
  // Progress as the admin API reports it (ReplayProgress::toJson fields).
  struct Progress {
    std::string id;
    std::string state;  // running | done | cancelled | failed
    uint64_t total = 0;
    uint64_t submitted = 0;
    uint64_t skipped = 0;
    double rate = 0;
    double eta_seconds = 0;
    std::string error;
  };
  using ProgressCallback = std::function<void(const Progress&)>;

  virtual ~DlqClient() = default;
  virtual std::string describe()
      const = 0;  // "gateway at 127.0.0.1:9090" / "store ./var/dlq.sqlite"
  virtual Result<std::vector<dlq::DlqRecord>> list(const dlq::DlqFilter& filter) = 0;
  virtual Result<size_t> count(const dlq::DlqFilter& filter) = 0;
  virtual Result<std::optional<dlq::DlqRecord>> get(const std::string& id) = 0;
  virtual Result<size_t> purge(const dlq::DlqFilter& filter) = 0;
  // Runs the replay to its end, calling `on_progress` about once a second. `interrupted` is
  // polled: when it turns true the job is cancelled (what was submitted stays marked).
  virtual Result<Progress> replay(const dlq::ReplayRequest& request,
                                  const ProgressCallback& on_progress,
                                  const std::function<bool()>& interrupted) = 0;
};

// The admin API if the gateway of `config` answers on server.admin, else the store.
Result<std::unique_ptr<DlqClient>> connectDlq(std::shared_ptr<const config::Config> config);

}  // namespace switchyard::cli
