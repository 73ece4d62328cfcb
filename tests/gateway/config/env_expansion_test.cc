#include "gateway/config/env_expansion.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace switchyard::config {
namespace {

const std::map<std::string, std::string> kEnvironment = {
    {"TOKEN", "s3cret"}, {"EMPTY", ""}, {"_UNDER_1", "u"}};

std::optional<std::string> fakeLookup(const std::string& name) {
  const auto it = kEnvironment.find(name);
  return it == kEnvironment.end() ? std::nullopt : std::optional<std::string>(it->second);
}

std::string expand(std::string_view text) {
  Result<std::string> result = expandEnvironment(text, fakeLookup);
  EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().message);
  return result.ok() ? *result : "";
}

std::string expansionError(std::string_view text) {
  const Result<std::string> result = expandEnvironment(text, fakeLookup);
  EXPECT_FALSE(result.ok()) << text;
  return result.ok() ? "" : result.error().message;
}

TEST(EnvironmentExpansion, ReplacesReferencesAnywhereInTheText) {
  EXPECT_EQ(expand("${TOKEN}"), "s3cret");
  EXPECT_EQ(expand("Bearer ${TOKEN}!"), "Bearer s3cret!");
  EXPECT_EQ(expand("${TOKEN}${_UNDER_1}"), "s3cretu");
  EXPECT_EQ(expand("${EMPTY}"), "");
}

TEST(EnvironmentExpansion, LeavesOtherDollarsAlone) {
  EXPECT_EQ(expand("plain"), "plain");
  EXPECT_EQ(expand("pa$$word$"), "pa$$word$");
  EXPECT_EQ(expand("$TOKEN"), "$TOKEN");
  EXPECT_EQ(expand("$${TOKEN}"), "${TOKEN}");
}

TEST(EnvironmentExpansion, UnsetVariableIsNamedWithoutValues) {
  EXPECT_EQ(expansionError("${MISSING}"), "environment variable MISSING is not set");
}

TEST(EnvironmentExpansion, RejectsMalformedReferences) {
  EXPECT_EQ(expansionError("${TOKEN"),
            "unterminated ${ (write ${NAME} for an environment variable, $${ for a literal ${)");
  EXPECT_EQ(expansionError("${}"),
            "expected an environment variable name ([A-Za-z_][A-Za-z0-9_]*) in ${...}, got \"\"");
  EXPECT_EQ(expansionError("${1X}"),
            "expected an environment variable name ([A-Za-z_][A-Za-z0-9_]*) in ${...}, got "
            "\"1X\"");
  EXPECT_EQ(expansionError("${A-B}"),
            "expected an environment variable name ([A-Za-z_][A-Za-z0-9_]*) in ${...}, got "
            "\"A-B\"");
}

TEST(EnvironmentExpansion, ProcessEnvironmentReadsGetenv) {
  ASSERT_EQ(setenv("SY_ENV_EXPANSION_TEST", "value", 1), 0);
  EXPECT_EQ(processEnvironment("SY_ENV_EXPANSION_TEST"), "value");
  unsetenv("SY_ENV_EXPANSION_TEST");
  EXPECT_EQ(processEnvironment("SY_ENV_EXPANSION_TEST"), std::nullopt);
}

}  // namespace
}  // namespace switchyard::config
