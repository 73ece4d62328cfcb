#include "gateway/http/bearer_auth.h"

#include <gtest/gtest.h>

#include <string_view>

#include "gateway/http/http_request.h"

namespace switchyard::http {
namespace {

constexpr std::string_view kToken = "s3cr3t-t0ken";

HttpRequest requestWith(std::string_view name, std::string_view value) {
  HttpRequest request;
  request.method = "POST";
  request.path = "/events/hook";
  request.headers.push_back({"Content-Type", "application/json"});
  request.headers.push_back({name, value});
  return request;
}

bool authorized(std::string_view authorization) {
  return bearerAuthorized(requestWith("Authorization", authorization), kToken);
}

TEST(BearerAuth, AcceptsTheConfiguredToken) { EXPECT_TRUE(authorized("Bearer s3cr3t-t0ken")); }

TEST(BearerAuth, SchemeIsCaseInsensitive) {
  EXPECT_TRUE(authorized("bearer s3cr3t-t0ken"));
  EXPECT_TRUE(authorized("BEARER s3cr3t-t0ken"));
  EXPECT_TRUE(authorized("BeArEr s3cr3t-t0ken"));
}

TEST(BearerAuth, HeaderNameIsCaseInsensitive) {
  EXPECT_TRUE(bearerAuthorized(requestWith("authorization", "Bearer s3cr3t-t0ken"), kToken));
  EXPECT_TRUE(bearerAuthorized(requestWith("AUTHORIZATION", "Bearer s3cr3t-t0ken"), kToken));
}

TEST(BearerAuth, TokenIsCaseSensitive) { EXPECT_FALSE(authorized("Bearer S3CR3T-T0KEN")); }

TEST(BearerAuth, RejectsAWrongToken) {
  EXPECT_FALSE(authorized("Bearer wrong"));
  EXPECT_FALSE(authorized("Bearer s3cr3t-t0kem")) << "last byte differs";
  EXPECT_FALSE(authorized("Bearer s3cr3t-t0ke")) << "a prefix";
  EXPECT_FALSE(authorized("Bearer s3cr3t-t0kenX")) << "an extension";
  EXPECT_FALSE(authorized("Bearer  s3cr3t-t0ken")) << "extra space";
  EXPECT_FALSE(authorized("Bearer s3cr3t-t0ken ")) << "trailing space";
  EXPECT_FALSE(authorized("Bearer "));
}

TEST(BearerAuth, RejectsOtherSchemesAndBareTokens) {
  EXPECT_FALSE(authorized("Basic s3cr3t-t0ken"));
  EXPECT_FALSE(authorized("s3cr3t-t0ken"));
  EXPECT_FALSE(authorized("Bearer"));
  EXPECT_FALSE(authorized("Bearers3cr3t-t0ken"));
  EXPECT_FALSE(authorized(""));
}

TEST(BearerAuth, RejectsAMissingHeader) {
  HttpRequest request;
  request.headers.push_back({"X-Authorization", "Bearer s3cr3t-t0ken"});
  EXPECT_FALSE(bearerAuthorized(request, kToken));
  EXPECT_FALSE(bearerAuthorized(HttpRequest{}, kToken));
}

TEST(BearerAuth, UsesTheFirstAuthorizationHeader) {
  HttpRequest request = requestWith("Authorization", "Bearer wrong");
  request.headers.push_back({"Authorization", "Bearer s3cr3t-t0ken"});
  EXPECT_FALSE(bearerAuthorized(request, kToken));
}

TEST(BearerAuth, NoConfiguredTokenAuthorizesEveryone) {
  EXPECT_TRUE(bearerAuthorized(HttpRequest{}, ""));
  EXPECT_TRUE(bearerAuthorized(requestWith("Authorization", "Bearer anything"), ""));
}

}  // namespace
}  // namespace switchyard::http
