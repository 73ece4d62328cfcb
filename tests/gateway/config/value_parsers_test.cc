#include "gateway/config/value_parsers.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "gateway/config/config.h"

namespace switchyard::config {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

std::string durationError(std::string_view text) {
  const Result<Duration> result = parseDuration(text);
  EXPECT_FALSE(result.ok()) << text;
  return result.ok() ? "" : result.error().message;
}

std::string byteSizeError(std::string_view text) {
  const Result<size_t> result = parseByteSize(text);
  EXPECT_FALSE(result.ok()) << text;
  return result.ok() ? "" : result.error().message;
}

std::string hostPortError(std::string_view text) {
  const Result<HostPort> result = parseHostPort(text);
  EXPECT_FALSE(result.ok()) << text;
  return result.ok() ? "" : result.error().message;
}

std::string urlError(std::string_view text) {
  const Status result = validateHttpUrl(text);
  EXPECT_FALSE(result.ok()) << text;
  return result.ok() ? "" : result.error().message;
}

TEST(DurationParsing, ReadsEveryUnit) {
  EXPECT_EQ(*parseDuration("250ms"), milliseconds(250));
  EXPECT_EQ(*parseDuration("3s"), seconds(3));
  EXPECT_EQ(*parseDuration("1m"), minutes(1));
  EXPECT_EQ(*parseDuration("2h"), hours(2));
  EXPECT_EQ(*parseDuration("1d"), hours(24));
}

TEST(DurationParsing, ZeroWithOrWithoutUnit) {
  EXPECT_EQ(*parseDuration("0s"), Duration::zero());
  EXPECT_EQ(*parseDuration("0ms"), Duration::zero());
  EXPECT_EQ(*parseDuration("0"), Duration::zero());
}

TEST(DurationParsing, FractionsThatComeOutWholeMilliseconds) {
  EXPECT_EQ(*parseDuration("1.5s"), milliseconds(1500));
  EXPECT_EQ(*parseDuration("1.5m"), seconds(90));
  EXPECT_EQ(*parseDuration("0.001s"), milliseconds(1));
  EXPECT_EQ(durationError("1.5ms"), "expected a whole number of milliseconds, got \"1.5ms\"");
  EXPECT_EQ(durationError("0.0005s"), "expected a whole number of milliseconds, got \"0.0005s\"");
}

TEST(DurationParsing, CompoundDurationsAddUp) {
  EXPECT_EQ(*parseDuration("1h30m"), minutes(90));
  EXPECT_EQ(*parseDuration("1m30s500ms"), milliseconds(90'500));
}

TEST(DurationParsing, RejectsMalformedText) {
  const std::string expected = "expected a duration like 250ms, 3s, 1m or 2h, got ";
  EXPECT_EQ(durationError("fast"), expected + "\"fast\"");
  EXPECT_EQ(durationError(""), expected + "\"\"");
  EXPECT_EQ(durationError("3"), expected + "\"3\"");
  EXPECT_EQ(durationError("-1s"), expected + "\"-1s\"");
  EXPECT_EQ(durationError("3 s"), expected + "\"3 s\"");
  EXPECT_EQ(durationError("3S"), expected + "\"3S\"");
  EXPECT_EQ(durationError("1.s"), expected + "\"1.s\"");
  EXPECT_EQ(durationError(".5s"), expected + "\".5s\"");
  EXPECT_EQ(durationError("1h30"), expected + "\"1h30\"");
  EXPECT_EQ(durationError("5us"), expected + "\"5us\"");
}

TEST(DurationParsing, RejectsOverflow) {
  const std::string expected = "expected a duration that fits in 64 bits of milliseconds, got ";
  EXPECT_EQ(durationError("99999999999999999999s"), expected + "\"99999999999999999999s\"");
  EXPECT_EQ(durationError("9999999999999999d"), expected + "\"9999999999999999d\"");
  // Fits in uint64 but not in the signed milliseconds of Duration.
  EXPECT_EQ(durationError("9300000000000000000ms"), expected + "\"9300000000000000000ms\"");
  EXPECT_EQ(*parseDuration("9223372036854775807ms"), Duration::max());
}

TEST(ByteSizeParsing, PlainNumbersAreBytes) {
  EXPECT_EQ(*parseByteSize("0"), 0U);
  EXPECT_EQ(*parseByteSize("1024"), 1024U);
  EXPECT_EQ(*parseByteSize("512B"), 512U);
}

TEST(ByteSizeParsing, DecimalAndBinaryUnitsDiffer) {
  EXPECT_EQ(*parseByteSize("10KB"), 10'000U);
  EXPECT_EQ(*parseByteSize("10KiB"), 10'240U);
  EXPECT_EQ(*parseByteSize("2MB"), 2'000'000U);
  EXPECT_EQ(*parseByteSize("6MiB"), 6U * 1024 * 1024);
  EXPECT_EQ(*parseByteSize("1GB"), 1'000'000'000U);
  EXPECT_EQ(*parseByteSize("1GiB"), 1024U * 1024 * 1024);
  EXPECT_EQ(*parseByteSize("1TiB"), 1024ULL * 1024 * 1024 * 1024);
}

TEST(ByteSizeParsing, FractionsMustComeOutWholeBytes) {
  EXPECT_EQ(*parseByteSize("1.5KiB"), 1536U);
  EXPECT_EQ(*parseByteSize("0.5MB"), 500'000U);
  EXPECT_EQ(byteSizeError("1.5"), "expected a whole number of bytes, got \"1.5\"");
  EXPECT_EQ(byteSizeError("0.1KiB"), "expected a whole number of bytes, got \"0.1KiB\"");
}

TEST(ByteSizeParsing, RejectsUnknownUnitsAndMalformedText) {
  const std::string expected = "expected a byte size like 1024, 64KiB, 6MiB or 2MB, got ";
  EXPECT_EQ(byteSizeError("10k"), expected + "\"10k\"");
  EXPECT_EQ(byteSizeError("10kb"), expected + "\"10kb\"");
  EXPECT_EQ(byteSizeError("10 KiB"), expected + "\"10 KiB\"");
  EXPECT_EQ(byteSizeError("lots"), expected + "\"lots\"");
  EXPECT_EQ(byteSizeError("-1"), expected + "\"-1\"");
  EXPECT_EQ(byteSizeError(""), expected + "\"\"");
}

TEST(ByteSizeParsing, RejectsOverflow) {
  const std::string expected = "expected a byte size that fits in 64 bits, got ";
  EXPECT_EQ(byteSizeError("20000000TiB"), expected + "\"20000000TiB\"");
  EXPECT_EQ(byteSizeError("18446744073709551616"), expected + "\"18446744073709551616\"");
  EXPECT_EQ(*parseByteSize("18446744073709551615"), 18446744073709551615ULL);
}

TEST(HostPortParsing, ReadsHostAndPort) {
  const Result<HostPort> address = parseHostPort("127.0.0.1:8080");
  ASSERT_TRUE(address.ok());
  EXPECT_EQ(address->host, "127.0.0.1");
  EXPECT_EQ(address->port, 8080);
  EXPECT_EQ(parseHostPort("localhost:0")->port, 0);
  EXPECT_EQ(parseHostPort("localhost:0")->host, "localhost");
  EXPECT_EQ(parseHostPort("gateway.internal:65535")->port, 65535);
}

TEST(HostPortParsing, EmptyHostMeansEveryInterface) {
  const Result<HostPort> address = parseHostPort(":8080");
  ASSERT_TRUE(address.ok());
  EXPECT_EQ(address->host, "0.0.0.0");
  EXPECT_EQ(address->port, 8080);
}

TEST(HostPortParsing, IPv6GoesInBrackets) {
  const Result<HostPort> address = parseHostPort("[::1]:9090");
  ASSERT_TRUE(address.ok());
  EXPECT_EQ(address->host, "::1");
  EXPECT_EQ(address->port, 9090);
  EXPECT_EQ(address->toString(), "[::1]:9090");
}

TEST(HostPortParsing, RejectsMalformedAddresses) {
  const std::string expected = "expected host:port like 127.0.0.1:8080, [::1]:8080 or :8080, got ";
  EXPECT_EQ(hostPortError("localhost"), expected + "\"localhost\"");
  EXPECT_EQ(hostPortError("::1:8080"), expected + "\"::1:8080\"");
  EXPECT_EQ(hostPortError("[::1]8080"), expected + "\"[::1]8080\"");
  EXPECT_EQ(hostPortError("[::1:8080"), expected + "\"[::1:8080\"");
  EXPECT_EQ(hostPortError("bad host:80"), expected + "\"bad host:80\"");
  EXPECT_EQ(hostPortError(""), expected + "\"\"");
}

TEST(HostPortParsing, RejectsPortsOutsideSixteenBits) {
  const std::string expected = "expected a port between 0 and 65535, got ";
  EXPECT_EQ(hostPortError("127.0.0.1:65536"), expected + "\"127.0.0.1:65536\"");
  EXPECT_EQ(hostPortError("127.0.0.1:"), expected + "\"127.0.0.1:\"");
  EXPECT_EQ(hostPortError("127.0.0.1:http"), expected + "\"127.0.0.1:http\"");
  EXPECT_EQ(hostPortError("127.0.0.1:-1"), expected + "\"127.0.0.1:-1\"");
  EXPECT_EQ(hostPortError("127.0.0.1:123456"), expected + "\"127.0.0.1:123456\"");
}

TEST(HostPortFormatting, RoundTripsThroughToString) {
  EXPECT_EQ((HostPort{"127.0.0.1", 8080}).toString(), "127.0.0.1:8080");
  EXPECT_EQ((HostPort{"localhost", 0}).toString(), "localhost:0");
  EXPECT_EQ(parseHostPort("[fe80::1]:443")->toString(), "[fe80::1]:443");
}

TEST(BackoffParsing, RangeIsBaseAndCap) {
  const Result<Backoff> backoff = parseBackoff("200ms..30s", seconds(30));
  ASSERT_TRUE(backoff.ok());
  EXPECT_EQ(backoff->base, milliseconds(200));
  EXPECT_EQ(backoff->cap, seconds(30));
  EXPECT_EQ(parseBackoff("1s..1s", seconds(30))->cap, seconds(1));
}

TEST(BackoffParsing, SingleDurationIsBaseWithDefaultCap) {
  EXPECT_EQ(parseBackoff("1s", seconds(30))->base, seconds(1));
  EXPECT_EQ(parseBackoff("1s", seconds(30))->cap, seconds(30));
  // A base longer than the default cap raises the cap to it rather than being cut short.
  EXPECT_EQ(parseBackoff("2m", seconds(30))->cap, minutes(2));
}

TEST(BackoffParsing, RejectsBaseAboveCapAndMalformedRanges) {
  EXPECT_EQ(parseBackoff("30s..1s", seconds(30)).error().message,
            "expected a base no longer than the cap in base..cap, got \"30s..1s\"");
  const std::string expected = "expected a backoff like 200ms..30s (base..cap) or 1s (base), got ";
  EXPECT_EQ(parseBackoff("200ms..", seconds(30)).error().message, expected + "\"200ms..\"");
  EXPECT_EQ(parseBackoff("..30s", seconds(30)).error().message, expected + "\"..30s\"");
  EXPECT_EQ(parseBackoff("200ms-30s", seconds(30)).error().message, expected + "\"200ms-30s\"");
  EXPECT_EQ(parseBackoff("1s...2s", seconds(30)).error().message, expected + "\"1s...2s\"");
}

TEST(HttpUrlValidation, AcceptsHttpAndHttpsUrls) {
  EXPECT_TRUE(
      validateHttpUrl("http://127.0.0.1:9000/2015-03-31/functions/function/invocations").ok());
  EXPECT_TRUE(validateHttpUrl("https://example.com").ok());
  EXPECT_TRUE(validateHttpUrl("HTTPS://Example.com/a?b=c#d").ok());
  EXPECT_TRUE(validateHttpUrl("http://[::1]:8080/").ok());
  EXPECT_TRUE(validateHttpUrl("http://localhost:65535").ok());
}

TEST(HttpUrlValidation, RejectsOtherSchemesAndBadHosts) {
  const std::string expected =
      "expected an http:// or https:// URL like http://127.0.0.1:9000/path, got ";
  EXPECT_EQ(urlError("ftp://example.com/"), expected + "\"ftp://example.com/\"");
  EXPECT_EQ(urlError("127.0.0.1:9000"), expected + "\"127.0.0.1:9000\"");
  EXPECT_EQ(urlError("http://"), expected + "\"http://\"");
  EXPECT_EQ(urlError("http:///path"), expected + "\"http:///path\"");
  EXPECT_EQ(urlError("http://exa mple.com/"), expected + "\"http://exa mple.com/\"");
  EXPECT_EQ(urlError("http://example.com/a b"), expected + "\"http://example.com/a b\"");
  EXPECT_EQ(urlError("http://[::1/"), expected + "\"http://[::1/\"");
}

TEST(HttpUrlValidation, RejectsPortsOutsideOneTo65535) {
  const std::string expected = "expected a URL port between 1 and 65535, got ";
  EXPECT_EQ(urlError("http://localhost:0/"), expected + "\"http://localhost:0/\"");
  EXPECT_EQ(urlError("http://localhost:70000/"), expected + "\"http://localhost:70000/\"");
  EXPECT_EQ(urlError("http://localhost:/"), expected + "\"http://localhost:/\"");
}

TEST(HttpUrlValidation, RejectsCredentialsWithoutEchoingThem) {
  const std::string message = urlError("https://user:hunter2@example.com/");
  EXPECT_EQ(message, "expected a URL without credentials (user:password@host)");
  EXPECT_EQ(message.find("hunter2"), std::string::npos);
}

TEST(NameValidation, FollowsLambdaFunctionNameRule) {
  EXPECT_TRUE(isValidName("order-handler_2"));
  EXPECT_TRUE(isValidName(std::string(64, 'a')));
  EXPECT_FALSE(isValidName(std::string(65, 'a')));
  EXPECT_FALSE(isValidName(""));
  EXPECT_FALSE(isValidName("bad name"));
  EXPECT_FALSE(isValidName("a.b"));
  EXPECT_FALSE(isValidName("caf\xc3\xa9"));
}

TEST(IntegerParsing, AcceptsOnlyPlainDecimal) {
  EXPECT_EQ(parseInteger("42"), 42);
  EXPECT_EQ(parseInteger("-7"), -7);
  EXPECT_EQ(parseInteger("007"), 7);
  EXPECT_FALSE(parseInteger("+1").has_value());
  EXPECT_FALSE(parseInteger("0x10").has_value());
  EXPECT_FALSE(parseInteger("1e3").has_value());
  EXPECT_FALSE(parseInteger("1_000").has_value());
  EXPECT_FALSE(parseInteger("").has_value());
  EXPECT_FALSE(parseInteger("-").has_value());
  EXPECT_FALSE(parseInteger("9223372036854775808").has_value());
}

TEST(ValueFormatting, DurationsAndSizesUseTheLargestExactUnit) {
  EXPECT_EQ(formatDuration(milliseconds(1500)), "1500ms");
  EXPECT_EQ(formatDuration(minutes(15)), "15m");
  EXPECT_EQ(formatDuration(hours(48)), "2d");
  EXPECT_EQ(formatDuration(Duration::zero()), "0s");
  EXPECT_EQ(formatByteSize(size_t{16} * 1024), "16KiB");
  EXPECT_EQ(formatByteSize(size_t{6} * 1024 * 1024), "6MiB");
  EXPECT_EQ(formatByteSize(1000), "1000");
  EXPECT_EQ(formatByteSize(0), "0");
}

TEST(ValueFormatting, QuotedEscapesAndElides) {
  EXPECT_EQ(quote("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(quote("tab\there"), "\"tab\\x09here\"");
  EXPECT_EQ(quote(std::string(100, 'x')), "\"" + std::string(80, 'x') + "...\"");
}

}  // namespace
}  // namespace switchyard::config
