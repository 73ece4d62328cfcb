#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "gateway/config/config.h"

// Shared by the config tests: YAML written as raw strings starting on the line after `R"(`.

namespace switchyard::config::testing {

inline constexpr char kTestPath[] = "test.yaml";

// Drops the newline right after `R"(` so that the YAML's first line is line 1.
inline std::string yaml(std::string_view text) {
  if (text.starts_with('\n')) {
    text.remove_prefix(1);
  }
  return std::string(text);
}

// Parses `text`, which must fail, and returns the error message ("" after a test failure).
inline std::string errorOf(std::string_view text) {
  const Result<Config> result = parseConfig(yaml(text), kTestPath);
  EXPECT_FALSE(result.ok()) << "parsed without error:\n" << text;
  if (result.ok()) {
    return "";
  }
  EXPECT_EQ(result.error().code, Errc::kInvalidArgument);
  return result.error().message;
}

// Parses `text`, which must succeed.
inline Config configOf(std::string_view text) {
  Result<Config> result = parseConfig(yaml(text), kTestPath);
  EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().message);
  return result.ok() ? std::move(result).value() : Config{};
}

}  // namespace switchyard::config::testing
