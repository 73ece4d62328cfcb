#include "dispatcher/invokers/http_endpoint.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace switchyard::dispatcher {
namespace {

HttpEndpoint mustParse(std::string_view url) {
  Result<HttpEndpoint> parsed = parseHttpEndpoint(url);
  EXPECT_TRUE(parsed.ok()) << url << ": " << (parsed.ok() ? "" : parsed.error().message);
  return parsed.ok() ? std::move(parsed).value() : HttpEndpoint{};
}

std::string parseError(std::string_view url) {
  const Result<HttpEndpoint> parsed = parseHttpEndpoint(url);
  EXPECT_FALSE(parsed.ok()) << url << " was accepted";
  if (parsed.ok()) {
    return {};
  }
  EXPECT_EQ(parsed.error().code, Errc::kInvalidArgument);
  return parsed.error().message;
}

TEST(HttpEndpointParsing, PlainHttpDefaultsToPort80AndRootPath) {
  const HttpEndpoint endpoint = mustParse("http://example.com");
  EXPECT_FALSE(endpoint.tls);
  EXPECT_EQ(endpoint.host, "example.com");
  EXPECT_EQ(endpoint.port, 80);
  EXPECT_EQ(endpoint.path, "/");
  EXPECT_EQ(endpoint.authority, "example.com");
  EXPECT_FALSE(endpoint.resolved);
}

TEST(HttpEndpointParsing, HttpsDefaultsToPort443) {
  const HttpEndpoint endpoint = mustParse("https://fn.internal/");
  EXPECT_TRUE(endpoint.tls);
  EXPECT_EQ(endpoint.host, "fn.internal");
  EXPECT_EQ(endpoint.port, 443);
  EXPECT_EQ(endpoint.path, "/");
}

TEST(HttpEndpointParsing, ExplicitPortPathAndQueryAreKept) {
  const HttpEndpoint endpoint = mustParse("http://127.0.0.1:8080/2015-03-31/functions/f?x=1&y=%20");
  EXPECT_EQ(endpoint.host, "127.0.0.1");
  EXPECT_EQ(endpoint.port, 8080);
  EXPECT_EQ(endpoint.path, "/2015-03-31/functions/f?x=1&y=%20");
  EXPECT_EQ(endpoint.authority, "127.0.0.1:8080");
}

TEST(HttpEndpointParsing, QueryWithoutAPathGetsARootPath) {
  const HttpEndpoint endpoint = mustParse("http://example.com:81?key=value");
  EXPECT_EQ(endpoint.host, "example.com");
  EXPECT_EQ(endpoint.port, 81);
  EXPECT_EQ(endpoint.path, "/?key=value");
  EXPECT_EQ(endpoint.authority, "example.com:81");
}

TEST(HttpEndpointParsing, BracketedIpv6HostsWithAndWithoutPort) {
  HttpEndpoint endpoint = mustParse("http://[::1]:9000/invoke");
  EXPECT_EQ(endpoint.host, "::1");
  EXPECT_EQ(endpoint.port, 9000);
  EXPECT_EQ(endpoint.path, "/invoke");
  EXPECT_EQ(endpoint.authority, "[::1]:9000");

  endpoint = mustParse("https://[2001:db8::1]/a");
  EXPECT_EQ(endpoint.host, "2001:db8::1");
  EXPECT_EQ(endpoint.port, 443);
  EXPECT_EQ(endpoint.authority, "[2001:db8::1]");
}

TEST(HttpEndpointParsing, PortRangeEdges) {
  EXPECT_EQ(mustParse("http://h:1/").port, 1);
  EXPECT_EQ(mustParse("http://h:65535/").port, 65535);
  EXPECT_NE(parseError("http://h:0/").find("invalid port \"0\""), std::string::npos);
  EXPECT_NE(parseError("http://h:65536/").find("invalid port \"65536\""), std::string::npos);
  EXPECT_NE(parseError("http://h:99999999999/").find("invalid port"), std::string::npos);
  EXPECT_NE(parseError("http://h:-1/").find("invalid port"), std::string::npos);
  EXPECT_NE(parseError("http://h:80a/").find("invalid port \"80a\""), std::string::npos);
  EXPECT_NE(parseError("http://h:http/").find("invalid port"), std::string::npos);
  EXPECT_NE(parseError("http://[::1]:0/").find("invalid port"), std::string::npos);
}

TEST(HttpEndpointParsing, RejectsOtherSchemes) {
  for (std::string_view url : {"ftp://example.com/", "example.com:80/x", "//example.com/",
                               "ws://example.com", "httpx://example.com", ""}) {
    EXPECT_NE(parseError(url).find("must start with http:// or https://"), std::string::npos)
        << url;
  }
}

TEST(HttpEndpointParsing, RejectsAMissingHost) {
  for (std::string_view url :
       {"http://", "https://", "http:///path", "http://?q", "http://:80/", "http://[]:80/"}) {
    EXPECT_NE(parseError(url).find("has no host"), std::string::npos) << url;
  }
}

TEST(HttpEndpointParsing, RejectsBrokenIpv6Literals) {
  EXPECT_NE(parseError("http://[::1/x").find("unterminated IPv6 address"), std::string::npos);
  EXPECT_NE(parseError("http://[::1]8080/").find("junk after the IPv6 address"), std::string::npos);
}

}  // namespace
}  // namespace switchyard::dispatcher
