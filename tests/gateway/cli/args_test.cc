#include "gateway/cli/args.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace switchyard::cli {
namespace {

const std::vector<OptionSpec> kSpecs = {
    {"config", 'c', true, "FILE", "Configuration file"},
    {"verbose", 'v', false, "", "More logging"},
    {"port", 0, true, "PORT", "Admin port"},
};

ParsedArgs mustParse(const std::vector<std::string>& args) {
  Result<ParsedArgs> parsed = parseArgs(args, kSpecs);
  EXPECT_TRUE(parsed.ok()) << (parsed.ok() ? "" : parsed.error().message);
  return parsed.ok() ? std::move(parsed).value() : ParsedArgs{};
}

std::string parseError(const std::vector<std::string>& args) {
  const Result<ParsedArgs> parsed = parseArgs(args, kSpecs);
  EXPECT_FALSE(parsed.ok());
  if (parsed.ok()) {
    return {};
  }
  EXPECT_EQ(parsed.error().code, Errc::kInvalidArgument);
  return parsed.error().message;
}

TEST(ArgsParsing, LongOptionWithInlineValue) {
  const ParsedArgs args = mustParse({"--config=/etc/switchyard.yaml"});
  EXPECT_TRUE(args.has("config"));
  EXPECT_EQ(args.get("config"), "/etc/switchyard.yaml");
}

TEST(ArgsParsing, InlineValueMayContainEqualsOrBeEmpty) {
  EXPECT_EQ(mustParse({"--config=a=b"}).get("config"), "a=b");
  const ParsedArgs empty = mustParse({"--config="});
  EXPECT_TRUE(empty.has("config"));
  EXPECT_EQ(empty.get("config", "fallback"), "");
}

TEST(ArgsParsing, LongOptionWithSeparateValue) {
  EXPECT_EQ(mustParse({"--config", "x.yaml"}).get("config"), "x.yaml");
}

TEST(ArgsParsing, ShortOptionWithSeparateValue) {
  const ParsedArgs args = mustParse({"-c", "x.yaml"});
  EXPECT_EQ(args.get("config"), "x.yaml") << "stored under the long name";
  EXPECT_FALSE(args.has("c"));
}

TEST(ArgsParsing, ValueMayLookLikeAnything) {
  EXPECT_EQ(mustParse({"--config", "-"}).get("config"), "-");
  EXPECT_EQ(mustParse({"-c", "--not-an-option"}).get("config"), "--not-an-option");
}

TEST(ArgsParsing, FlagsTakeNoValue) {
  EXPECT_EQ(mustParse({"--verbose"}).get("verbose"), "true");
  EXPECT_EQ(mustParse({"-v"}).get("verbose"), "true");
  EXPECT_EQ(parseError({"--verbose=yes"}), "--verbose takes no value");
}

TEST(ArgsParsing, AbsentOptionsFallBack) {
  const ParsedArgs args = mustParse({});
  EXPECT_FALSE(args.has("config"));
  EXPECT_EQ(args.get("config"), "");
  EXPECT_EQ(args.get("port", "9090"), "9090");
  EXPECT_TRUE(args.positional().empty());
}

TEST(ArgsParsing, PositionalArgumentsKeepTheirOrderAroundOptions) {
  const ParsedArgs args = mustParse({"run", "-c", "a.yaml", "extra", "-", "--verbose", "last"});
  EXPECT_EQ(args.positional(), (std::vector<std::string>{"run", "extra", "-", "last"}));
  EXPECT_EQ(args.get("config"), "a.yaml");
  EXPECT_TRUE(args.has("verbose"));
}

TEST(ArgsParsing, LaterOccurrenceWins) {
  EXPECT_EQ(mustParse({"-c", "first", "--config=second"}).get("config"), "second");
}

TEST(ArgsParsing, MissingValueNamesTheOptionAndWhatItNeeds) {
  EXPECT_EQ(parseError({"--config"}), "--config needs a value (FILE)");
  EXPECT_EQ(parseError({"run", "-c"}), "--config needs a value (FILE)");
  EXPECT_EQ(parseError({"--port"}), "--port needs a value (PORT)");
}

TEST(ArgsParsing, UnknownOptionsAreErrors) {
  EXPECT_EQ(parseError({"--nope"}), "unknown option \"--nope\" (see --help)");
  EXPECT_EQ(parseError({"-x"}), "unknown option \"-x\" (see --help)");
  EXPECT_EQ(parseError({"--nope=1"}), "unknown option \"--nope=1\" (see --help)");
  EXPECT_EQ(parseError({"-cv"}), "unknown option \"-cv\" (see --help)") << "no bundling";
  EXPECT_EQ(parseError({"--Config=x"}), "unknown option \"--Config=x\" (see --help)");
  EXPECT_EQ(parseError({"--c"}), "unknown option \"--c\" (see --help)");
  EXPECT_NE(parseError({"-c", "ok", "--bogus"}).find("--bogus"), std::string::npos);
}

TEST(ArgsParsing, DescribeOptionsListsEveryOption) {
  const std::string help = describeOptions(kSpecs);
  EXPECT_TRUE(help.starts_with("Options:\n"));
  EXPECT_NE(help.find("  -c, --config FILE"), std::string::npos) << help;
  EXPECT_NE(help.find("Configuration file"), std::string::npos);
  EXPECT_NE(help.find("  -v, --verbose"), std::string::npos) << help;
  EXPECT_NE(help.find("      --port PORT"), std::string::npos) << help;
}

}  // namespace
}  // namespace switchyard::cli
