// Arbitrary bytes as a request body: checkJson must accept exactly what simdjson's validating
// parser accepts, and report a position inside the input for the rest.
#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "dispatcher/router/json_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  simdjson::padded_string padded(reinterpret_cast<const char*>(data), size);
  std::string_view view(padded.data(), size);
  switchyard::Status status = switchyard::router::checkJson(view);
  simdjson::dom::parser parser;
  simdjson::dom::element element;
  bool valid = parser.parse(padded).get(element) == simdjson::SUCCESS;
  if (status.ok() != valid) {
    __builtin_trap();
  }
  if (!status.ok() && status.error().message.find("line ") == std::string::npos) {
    __builtin_trap();
  }
  return 0;
}
