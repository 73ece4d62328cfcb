// The Lambda Invoke API (POST /2015-03-31/functions/{name}/invocations) through the real binary.
#include "tests/integration/integration_util.h"

namespace switchyard::testing {
namespace {

constexpr const char* kInvokePath = "/2015-03-31/functions/echo/invocations";

class InvokeApi : public ::testing::Test {
 protected:
  void SetUp() override {
    function_ = std::make_unique<FunctionServer>([](const ReceivedRequest& request, int) {
      if (request.body == R"({"fail":"http"})") {
        return FunctionReply{500, R"({"errorMessage":"boom"})"};
      }
      if (request.body == R"({"fail":"lambda"})") {
        FunctionReply reply{200, R"({"errorType":"Error","errorMessage":"handler threw"})"};
        reply.headers.emplace_back("X-Amz-Function-Error", "Unhandled");
        return reply;
      }
      if (request.body == R"({"slow":true})") {
        FunctionReply reply;
        reply.delay_ms = 500;
        return reply;
      }
      FunctionReply reply{201, "{\"echo\":" + request.body + "}"};
      reply.headers.emplace_back("Content-Type", "application/json");
      return reply;
    });
    gateway_ = startGateway(serverBlock() + R"(
functions:
  echo:
    endpoint: ")" + function_->url() +
                            R"("
    timeout: 200ms
    retry: { attempts: 3, backoff: 5ms..10ms }
)");
    ASSERT_NE(gateway_, nullptr);
  }

  HttpResponse invoke(const std::string& body, const std::string& type = "",
                      const std::string& path = kInvokePath) {
    std::vector<std::pair<std::string, std::string>> headers;
    if (!type.empty()) {
      headers.emplace_back("X-Amz-Invocation-Type", type);
    }
    return httpRequest(gateway_->port(), "POST", path, body, headers);
  }

  std::unique_ptr<FunctionServer> function_;
  std::unique_ptr<GatewayProcess> gateway_;
};

TEST_F(InvokeApi, RequestResponseReturnsTheFunctionsBodyAndStatus) {
  HttpResponse response = invoke(R"({"n":1})");
  EXPECT_EQ(response.status, 201);
  EXPECT_EQ(response.body, R"({"echo":{"n":1}})");
  EXPECT_EQ(response.header("content-type"), "application/json");
  EXPECT_EQ(response.header("x-amz-function-error"), "");
  EXPECT_EQ(response.header("x-amzn-requestid").size(), 36u);
  ASSERT_EQ(function_->count(), 1u);
  EXPECT_EQ(function_->requests()[0].header("x-switchyard-event-id"),
            response.header("x-amzn-requestid"));
}

TEST_F(InvokeApi, FunctionErrorsSetXAmzFunctionErrorAndAreNotRetried) {
  HttpResponse http_error = invoke(R"({"fail":"http"})", "RequestResponse");
  EXPECT_EQ(http_error.status, 500);
  EXPECT_EQ(http_error.header("x-amz-function-error"), "Unhandled");
  EXPECT_EQ(http_error.body, R"({"errorMessage":"boom"})");

  HttpResponse lambda_error = invoke(R"({"fail":"lambda"})");
  EXPECT_EQ(lambda_error.status, 200);
  EXPECT_EQ(lambda_error.header("x-amz-function-error"), "Unhandled");
  EXPECT_NE(lambda_error.body.find("handler threw"), std::string::npos);
  EXPECT_EQ(function_->count(), 2u) << "synchronous invokes are not retried";
}

TEST_F(InvokeApi, TimeoutAnswersLikeLambda) {
  HttpResponse response = invoke(R"({"slow":true})");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.header("x-amz-function-error"), "Unhandled");
  EXPECT_NE(response.body.find("Task timed out after 0.20 seconds"), std::string::npos)
      << response.body;
}

TEST_F(InvokeApi, EventInvocationIsAcceptedThenDeliveredWithRetries) {
  function_->setHandler([](const ReceivedRequest&, int index) {
    return index == 0 ? FunctionReply{503, "warming up"} : FunctionReply{};
  });
  HttpResponse response = invoke(R"({"async":true})", "Event");
  EXPECT_EQ(response.status, 202);
  EXPECT_EQ(response.body, "");
  ASSERT_TRUE(function_->waitForCount(2));
  EXPECT_EQ(function_->requests()[1].header("x-switchyard-attempt"), "2");
  EXPECT_EQ(function_->requests()[1].body, R"({"async":true})");
}

TEST_F(InvokeApi, DryRunChecksTheFunctionWithoutCallingIt) {
  EXPECT_EQ(invoke("{}", "DryRun").status, 204);
  EXPECT_EQ(function_->count(), 0u);
}

TEST_F(InvokeApi, FunctionArnsAndQualifiersResolveToTheFunction) {
  EXPECT_EQ(invoke("{}", "DryRun",
                   "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction"
                   "%3Aecho%3A%24LATEST/invocations")
                .status,
            204);
  EXPECT_EQ(invoke("{}", "DryRun", "/2015-03-31/functions/echo:prod/invocations").status, 204);
}

TEST_F(InvokeApi, UnknownFunctionIsResourceNotFound) {
  HttpResponse response = invoke("{}", "", "/2015-03-31/functions/missing/invocations");
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.header("x-amzn-errortype"), "ResourceNotFoundException");
  EXPECT_NE(response.body.find(
                "Function not found: arn:aws:lambda:us-east-1:000000000000:function:missing"),
            std::string::npos)
      << response.body;
}

TEST_F(InvokeApi, MalformedJsonIsInvalidRequestContent) {
  HttpResponse response = invoke(R"({"a": [1, 2,, 3]})");
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.header("x-amzn-errortype"), "InvalidRequestContentException");
  EXPECT_NE(response.body.find("line 1, column"), std::string::npos) << response.body;
  EXPECT_EQ(function_->count(), 0u);
}

TEST_F(InvokeApi, BadInvocationTypeAndOversizedAsyncPayloadAreRejected) {
  EXPECT_EQ(invoke("{}", "Sometimes").status, 400);
  std::string big = "\"" + std::string(300 * 1024, 'x') + "\"";
  HttpResponse response = invoke(big, "Event");
  EXPECT_EQ(response.status, 413);
  EXPECT_EQ(response.header("x-amzn-errortype"), "RequestTooLargeException");
}

}  // namespace
}  // namespace switchyard::testing
