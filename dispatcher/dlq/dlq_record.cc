#include "dispatcher/dlq/dlq_record.h"

namespace switchyard::dlq {

std::string DlqRecord::lastError() const {
  if (attempts.empty()) {
    return {};
  }
  // An attempt that failed without any text (a timeout, a refused connection the invoker did
  // not describe) still has its outcome, which is what a listing or an error search wants then.
  const AttemptRecord& last = attempts.back();
  return last.error.empty() ? last.outcome : last.error;
}

int DlqRecord::lastStatus() const { return attempts.empty() ? 0 : attempts.back().status; }

}  // namespace switchyard::dlq
