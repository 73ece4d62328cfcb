#include "dispatcher/dlq/dlq_store.h"

#include <memory>
#include <string>
#include <string_view>

#include "dispatcher/dlq/sqlite_dlq_store.h"

namespace switchyard::dlq {

Result<std::unique_ptr<DlqStore>> openDlqStore(const std::string& kind,
                                               const std::string& data_dir) {
  if (kind == "sqlite") {
    auto store = SqliteDlqStore::open(data_dir);
    if (!store.ok()) {
      return store.error();
    }
    return std::unique_ptr<DlqStore>(std::move(store.value()));
  }
  // The networked backends share this interface but arrive in a later release; name them so a
  // config written for them fails clearly rather than as an unknown kind.
  struct Planned {
    std::string_view scheme;
    std::string_view name;
  };
  for (const Planned& planned : {Planned{"redis://", "Redis"}, Planned{"kafka://", "Kafka"}}) {
    if (kind.starts_with(planned.scheme)) {
      return makeError(Errc::kInvalidArgument,
                       "dlq store " + kind + ": the " + std::string(planned.name) +
                           " backend is not available in this build yet (use store.dlq: sqlite)");
    }
  }
  return makeError(Errc::kInvalidArgument,
                   "dlq store '" + kind +
                       "': unknown kind; expected sqlite, redis://HOST:PORT or "
                       "kafka://BOOTSTRAP/TOPIC");
}

}  // namespace switchyard::dlq
