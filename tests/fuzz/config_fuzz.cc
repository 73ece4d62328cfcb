// Arbitrary bytes as a config file: parseConfig and every later check must return an error or a
// config, never crash or hang.
#include <cstddef>
#include <cstdint>
#include <string>

#include "connectors/registry.h"
#include "gateway/config/config.h"
#include "gateway/process/config_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static auto registry = switchyard::connectors::ConnectorRegistry::createBuiltin();
  std::string text(reinterpret_cast<const char*>(data), size);
  switchyard::Result<switchyard::config::Config> config =
      switchyard::config::parseConfig(text, "fuzz.yaml");
  if (config.ok()) {
    (void)switchyard::checkConfig(*config, *registry);
  } else if (config.error().message.rfind("fuzz.yaml", 0) != 0) {
    __builtin_trap();  // every config error names the file first
  }
  return 0;
}
