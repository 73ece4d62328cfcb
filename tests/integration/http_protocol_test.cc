// The ingest listener's HTTP/1.1 behaviour: errors get the right 4xx and the process keeps
// serving; keep-alive, pipelining, Expect: 100-continue, limits, idle timeout. HTTP/2 (h2c) is in
// http2_test.cc.
#include "tests/integration/integration_util.h"

namespace switchyard::testing {
namespace {

class HttpProtocol : public ::testing::Test {
 protected:
  void SetUp() override {
    gateway_ =
        startGateway(serverBlock(2,
                                 "  max_body_bytes: 64KiB\n  max_header_bytes: 4KiB\n"
                                 "  idle_timeout: 300ms\n") +
                     "functions:\n  f: { endpoint: \"" + function_.url() + "\" }\n" +
                     "triggers:\n  t: { source: { kind: http }, function: f, format: raw }\n");
    ASSERT_NE(gateway_, nullptr);
  }

  // The process still serves after whatever the test did.
  void expectStillServing() {
    HttpResponse response = httpRequest(gateway_->port(), "POST", "/events/t", "still alive");
    EXPECT_EQ(response.status, 202);
    EXPECT_TRUE(gateway_->running());
  }

  FunctionServer function_;
  std::unique_ptr<GatewayProcess> gateway_;
};

TEST_F(HttpProtocol, MalformedJsonIsRejectedWithPosition) {
  HttpResponse response = httpRequest(gateway_->port(), "POST", "/events/t", "{\"a\":\n  tru}",
                                      {{"Content-Type", "application/json"}});
  EXPECT_EQ(response.status, 400);
  EXPECT_NE(response.body.find("malformed_json"), std::string::npos);
  EXPECT_NE(response.body.find("line 2"), std::string::npos) << response.body;
  expectStillServing();
}

TEST_F(HttpProtocol, OversizedBodyIsRejectedWith413) {
  HttpResponse response =
      httpRequest(gateway_->port(), "POST", "/events/t", std::string(65 * 1024, 'x'));
  EXPECT_EQ(response.status, 413);
  EXPECT_NE(response.body.find("payload_too_large"), std::string::npos);
  expectStillServing();
}

TEST_F(HttpProtocol, OversizedChunkedBodyIsRejectedWith413) {
  TestHttpClient client(gateway_->port());
  std::string chunk(40 * 1024, 'y');
  char size[16];
  std::snprintf(size, sizeof(size), "%zx", chunk.size());
  std::string request = "POST /events/t HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" +
                        std::string(size) + "\r\n" + chunk + "\r\n" + size + "\r\n" + chunk +
                        "\r\n0\r\n\r\n";
  auto responses = client.sendRaw(request);
  ASSERT_EQ(responses.size(), 1u);
  EXPECT_EQ(responses[0].status, 413);
  expectStillServing();
}

TEST_F(HttpProtocol, OversizedHeadersAreRejectedWith431) {
  HttpResponse response =
      httpRequest(gateway_->port(), "POST", "/events/t", "x", {{"X-Big", std::string(5000, 'h')}});
  EXPECT_EQ(response.status, 431);
  expectStillServing();
}

TEST_F(HttpProtocol, UnknownTriggerAndPathAre404WithJson) {
  HttpResponse trigger = httpRequest(gateway_->port(), "POST", "/events/nope", "x");
  EXPECT_EQ(trigger.status, 404);
  EXPECT_NE(trigger.body.find("unknown_trigger"), std::string::npos);
  HttpResponse path = httpRequest(gateway_->port(), "GET", "/nothing-here");
  EXPECT_EQ(path.status, 404);
  EXPECT_EQ(path.header("content-type"), "application/json");
  expectStillServing();
}

TEST_F(HttpProtocol, GarbageRequestLineIs400AndClosed) {
  TestHttpClient client(gateway_->port());
  auto responses = client.sendRaw("THIS IS NOT HTTP\r\n\r\n");
  ASSERT_EQ(responses.size(), 1u);
  EXPECT_EQ(responses[0].status, 400);
  EXPECT_EQ(responses[0].header("connection"), "close");
  expectStillServing();
}

TEST_F(HttpProtocol, WrongMethodIs405) {
  HttpResponse response = httpRequest(gateway_->port(), "GET", "/events/t");
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(response.header("allow"), "POST, PUT");
}

TEST_F(HttpProtocol, KeepAliveServesManyRequestsOnOneConnection) {
  TestHttpClient client(gateway_->port());
  for (int i = 0; i < 50; ++i) {
    ASSERT_EQ(client.request("POST", "/events/t", std::to_string(i)).status, 202);
  }
  ASSERT_TRUE(function_.waitForCount(50));
}

TEST_F(HttpProtocol, PipelinedRequestsAreAnsweredInOrder) {
  TestHttpClient client(gateway_->port());
  std::string batch;
  for (int i = 0; i < 3; ++i) {
    batch += "POST /events/t HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\n" + std::to_string(i);
  }
  batch += "POST /events/nope HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\nz";
  batch += "POST /events/t HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\n9";
  auto responses = client.sendRaw(batch, 5);
  ASSERT_EQ(responses.size(), 5u);
  EXPECT_EQ(responses[0].status, 202);
  EXPECT_EQ(responses[1].status, 202);
  EXPECT_EQ(responses[2].status, 202);
  EXPECT_EQ(responses[3].status, 404);
  EXPECT_EQ(responses[4].status, 202);
  ASSERT_TRUE(function_.waitForCount(4));
}

TEST_F(HttpProtocol, ExpectContinueGetsInterim100BeforeTheBody) {
  TestHttpClient client(gateway_->port());
  // Headers first; the body follows only after the interim answer (as the AWS SDK does).
  auto interim = client.sendRaw(
      "POST /events/t HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n", 0);
  EXPECT_TRUE(interim.empty());
  auto responses = client.sendRaw("hello", 1);
  ASSERT_EQ(responses.size(), 1u);
  EXPECT_EQ(responses[0].status, 202) << "the client skips the 100 and reads the final answer";
  ASSERT_TRUE(function_.waitForCount(1));
  EXPECT_EQ(function_.requests()[0].body, "hello");
}

TEST_F(HttpProtocol, IdleKeepAliveConnectionsAreClosed) {
  TestHttpClient client(gateway_->port());
  ASSERT_EQ(client.request("POST", "/events/t", "x").status, 202);
  EXPECT_TRUE(client.peerClosed(3000)) << "idle_timeout is 300ms";
}

}  // namespace
}  // namespace switchyard::testing
