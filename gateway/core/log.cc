#include "gateway/core/log.h"

#include "gateway/core/json_writer.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>

namespace switchyard::log {
namespace {

std::atomic<int> g_level{static_cast<int>(Level::kInfo)};

const char* levelName(Level level) {
  switch (level) {
    case Level::kDebug:
      return "DEBUG";
    case Level::kInfo:
      return "INFO";
    case Level::kWarn:
      return "WARN";
    case Level::kError:
      return "ERROR";
    case Level::kOff:
      break;
  }
  return "?";
}

bool needsQuotes(std::string_view value) {
  if (value.empty()) {
    return true;
  }
  for (char c : value) {
    if (c == ' ' || c == '"' || c == '=' || c == '{' || c == '}' ||
        static_cast<unsigned char>(c) < 0x20) {
      return true;
    }
  }
  return false;
}

void appendValue(std::string& out, std::string_view value) {
  if (!needsQuotes(value)) {
    out.append(value);
    return;
  }
  out.push_back('"');
  for (char c : value) {
    switch (c) {
      case '"':
        out.append("\\\"");
        break;
      case '\\':
        out.append("\\\\");
        break;
      case '\n':
        out.append("\\n");
        break;
      case '\r':
        out.append("\\r");
        break;
      case '\t':
        out.append("\\t");
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char hex[8];
          std::snprintf(hex, sizeof(hex), "\\x%02x", static_cast<unsigned char>(c));
          out.append(hex);
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
}

}  // namespace

void setLevel(Level level) { g_level.store(static_cast<int>(level), std::memory_order_relaxed); }

bool enabled(Level level) {
  return static_cast<int>(level) >= g_level.load(std::memory_order_relaxed);
}

bool parseLevel(std::string_view text, Level* level) {
  if (text == "debug") {
    *level = Level::kDebug;
  } else if (text == "info") {
    *level = Level::kInfo;
  } else if (text == "warn") {
    *level = Level::kWarn;
  } else if (text == "error") {
    *level = Level::kError;
  } else if (text == "off") {
    *level = Level::kOff;
  } else {
    return false;
  }
  return true;
}

void write(Level level, std::string_view component, std::string_view message,
           std::initializer_list<Field> fields) {
  if (!enabled(level)) {
    return;
  }
  thread_local std::string line;
  line.clear();
  json::appendRfc3339(line, std::chrono::duration_cast<std::chrono::microseconds>(
                                std::chrono::system_clock::now().time_since_epoch())
                                .count());
  line.push_back(' ');
  line.append(levelName(level));
  line.push_back(' ');
  line.append(component);
  if (fields.size() > 0) {
    line.push_back('{');
    bool first = true;
    for (const Field& field : fields) {
      if (!first) {
        line.push_back(' ');
      }
      first = false;
      line.append(field.key());
      line.push_back('=');
      appendValue(line, field.value());
    }
    line.push_back('}');
  }
  line.append(": ");
  line.append(message);
  line.push_back('\n');
  // One write per line keeps lines from different threads whole.
  const char* data = line.data();
  size_t left = line.size();
  while (left > 0) {
    ssize_t n = ::write(STDERR_FILENO, data, left);
    if (n <= 0) {
      break;
    }
    data += n;
    left -= static_cast<size_t>(n);
  }
}

bool RateLimit::allow(int64_t now_ms, uint64_t* suppressed) {
  if (now_ms - last_ms_ < interval_ms_) {
    ++suppressed_;
    return false;
  }
  last_ms_ = now_ms;
  *suppressed = suppressed_;
  suppressed_ = 0;
  return true;
}

}  // namespace switchyard::log
