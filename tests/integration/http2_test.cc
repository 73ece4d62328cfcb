// Cleartext HTTP/2 with prior knowledge (h2c) on the ingest listener, driven by real clients:
// curl --http2-prior-knowledge and Node's http2 module (tests/integration/http2/h2c_client.js,
// one connection for all its streams).
#include <simdjson.h>

#include <map>

#include "tests/integration/integration_util.h"

namespace switchyard::testing {
namespace {

const std::string kSource = SWITCHYARD_SOURCE_DIR;
constexpr const char* kInvokePath = "/2015-03-31/functions/echo/invocations";

CommandResult runCommand(const std::string& command) {
  CommandResult result;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  char buffer[4096];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof(buffer), pipe)) > 0) {
    result.output.append(buffer, n);
  }
  int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

struct StreamResult {
  int status = 0;
  std::map<std::string, std::string> headers;
  std::string body;
  std::string error;
};

struct ClientReport {
  std::vector<std::vector<StreamResult>> rounds;
  int64_t goaway = -1;  // error code of the server's GOAWAY, -1 if none
  bool closed = false;
  std::string error;
  std::string raw;  // for failure messages
};

// The string member `key` of `object`, or empty (absent or null).
std::string text(simdjson::dom::element object, const char* key) {
  std::string_view value;
  return object[key].get(value) == simdjson::SUCCESS ? std::string(value) : std::string();
}

// Runs h2c_client.js with `plan` (see the script) and parses its report.
ClientReport runClient(uint16_t port, const std::string& plan) {
  CommandResult run =
      runCommand("node --no-warnings '" + kSource + "/tests/integration/http2/h2c_client.js' " +
                 std::to_string(port) + " '" + plan + "'");
  ClientReport report;
  report.raw = run.output;
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(run.output).get(root) != simdjson::SUCCESS) {
    report.error = "unparsable client output";
    return report;
  }
  for (simdjson::dom::element round : root["rounds"].get_array()) {
    auto& results = report.rounds.emplace_back();
    for (simdjson::dom::element stream : round.get_array()) {
      StreamResult& result = results.emplace_back();
      int64_t status = 0;
      if (stream["status"].get(status) == simdjson::SUCCESS) {
        result.status = static_cast<int>(status);
      }
      result.body = text(stream, "body");
      result.error = text(stream, "error");
      simdjson::dom::object headers;
      if (stream["headers"].get(headers) == simdjson::SUCCESS) {
        for (auto [name, value] : headers) {
          std::string_view header;
          if (value.get(header) == simdjson::SUCCESS) {
            result.headers[std::string(name)] = header;
          }
        }
      }
    }
  }
  int64_t goaway = 0;
  if (root["goaway"].get(goaway) == simdjson::SUCCESS) {
    report.goaway = goaway;
  }
  bool closed = false;
  if (root["closed"].get(closed) == simdjson::SUCCESS) {
    report.closed = closed;
  }
  report.error = text(root, "error");
  return report;
}

std::string webhook(const std::string& body) {
  return R"({"path":"/events/t","body":")" + body + R"("})";
}

// An invoke whose payload is {"k":"<key>"} (escaped inside the plan's JSON string).
std::string invoke(const std::string& key, const std::string& extra = "") {
  return std::string(R"({"path":")") + kInvokePath +
         R"(","headers":{"x-amz-invocation-type":"RequestResponse"},"body":"{\"k\":\")" + key +
         R"(\"}")" + extra + "}";
}

class Http2 : public ::testing::Test {
 protected:
  void SetUp() override {
    function_ = std::make_unique<FunctionServer>([](const ReceivedRequest& request, int) {
      FunctionReply reply{201, "{\"echo\":" + request.body + "}"};
      reply.headers.emplace_back("Content-Type", "application/json");
      if (request.body.find("slow") != std::string::npos) {
        reply.delay_ms = 400;
      }
      return reply;
    });
    gateway_ = startGateway(
        serverBlock(2,
                    "  max_body_bytes: 64KiB\n  max_header_bytes: 4KiB\n"
                    "  idle_timeout: 500ms\n") +
        "functions:\n  echo: { endpoint: \"" + function_->url() + "\", timeout: 3s }\n" +
        "triggers:\n  t: { source: { kind: http }, function: echo, format: raw }\n");
    ASSERT_NE(gateway_, nullptr);
  }

  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(gateway_->port()) + path;
  }

  // HTTP/1.1 still works, and the process is alive.
  void expectStillServing() {
    HttpResponse response = httpRequest(gateway_->port(), "POST", "/events/t", "still alive");
    EXPECT_EQ(response.status, 202);
    EXPECT_TRUE(gateway_->running());
  }

  std::unique_ptr<FunctionServer> function_;
  std::unique_ptr<GatewayProcess> gateway_;
};

TEST_F(Http2, WebhookPostOverH2cIsAcceptedAndDelivered) {
  CommandResult run = runCommand(
      "curl -sS --http2-prior-knowledge -d hello -w '\\n%{http_code} "
      "%{http_version}' '" +
      url("/events/t") + "'");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_TRUE(run.output.ends_with("\n202 2")) << run.output;
  ASSERT_TRUE(function_->waitForCount(1));
  ReceivedRequest received = function_->requests()[0];
  EXPECT_EQ(received.body, "hello");
  std::string id = received.header("x-switchyard-event-id");
  EXPECT_EQ(id.size(), 36u);
  EXPECT_NE(run.output.find(id), std::string::npos) << "202 carries the event id: " << run.output;
}

TEST_F(Http2, InvokeRequestResponseOverH2cReturnsTheFunctionsBodyAndStatus) {
  CommandResult run = runCommand(
      "curl -sS -i --http2-prior-knowledge -H 'X-Amz-Invocation-Type: RequestResponse' "
      "-d '{\"n\":1}' '" +
      url(kInvokePath) + "'");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_TRUE(run.output.starts_with("HTTP/2 201")) << run.output;
  EXPECT_NE(run.output.find("content-type: application/json"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("x-amzn-requestid: "), std::string::npos) << run.output;
  EXPECT_EQ(run.output.find("connection:"), std::string::npos) << "no HTTP/1.1 fields in h2";
  EXPECT_TRUE(run.output.ends_with(R"({"echo":{"n":1}})")) << run.output;
  ASSERT_EQ(function_->count(), 1u);
}

TEST_F(Http2, ConcurrentStreamsOnOneConnectionAreAllAnsweredInAnyOrder) {
  // The slow invoke goes first; the others overtake it on the same connection.
  std::string round = invoke("slow");
  for (int i = 0; i < 10; ++i) {
    round += "," + webhook("w" + std::to_string(i)) + "," + invoke("i" + std::to_string(i));
  }
  ClientReport report = runClient(gateway_->port(), R"({"rounds":[[)" + round + "]]}");
  ASSERT_EQ(report.rounds.size(), 1u) << report.raw;
  const auto& results = report.rounds[0];
  ASSERT_EQ(results.size(), 21u) << report.raw;
  EXPECT_EQ(results[0].status, 201) << report.raw;
  EXPECT_EQ(results[0].body, R"({"echo":{"k":"slow"}})");
  for (int i = 0; i < 10; ++i) {
    const StreamResult& hook = results[1 + 2 * i];
    EXPECT_EQ(hook.status, 202) << report.raw;
    EXPECT_NE(hook.body.find("\"id\""), std::string::npos) << hook.body;
    const StreamResult& call = results[2 + 2 * i];
    EXPECT_EQ(call.status, 201) << report.raw;
    EXPECT_EQ(call.body, "{\"echo\":{\"k\":\"i" + std::to_string(i) + "\"}}");
    EXPECT_EQ(call.headers.at("content-type"), "application/json");
  }
  EXPECT_TRUE(report.error.empty()) << report.raw;
  ASSERT_TRUE(function_->waitForCount(21));
}

TEST_F(Http2, OversizedBodyGets413OnItsStreamWhileTheConnectionKeepsServing) {
  std::string big = R"({"path":"/events/t","bodySize":70000})";
  std::string declared =
      R"({"path":"/events/t","bodySize":70000,"headers":{"content-length":"70000"}})";
  ClientReport report =
      runClient(gateway_->port(), R"({"rounds":[[)" + big + "," + declared + "," +
                                      webhook("small") + "],[" + webhook("after") + "]]}");
  ASSERT_EQ(report.rounds.size(), 2u) << report.raw;
  ASSERT_EQ(report.rounds[0].size(), 3u) << report.raw;
  EXPECT_EQ(report.rounds[0][0].status, 413) << report.raw;
  EXPECT_NE(report.rounds[0][0].body.find("payload_too_large"), std::string::npos);
  EXPECT_EQ(report.rounds[0][1].status, 413) << "declared Content-Length: " << report.raw;
  EXPECT_EQ(report.rounds[0][2].status, 202) << report.raw;
  EXPECT_EQ(report.rounds[1][0].status, 202) << report.raw;
  EXPECT_EQ(report.goaway, -1) << report.raw;
  EXPECT_TRUE(report.error.empty()) << report.raw;
  ASSERT_TRUE(function_->waitForCount(2));
}

TEST_F(Http2, OversizedHeadersGet431OnTheirStream) {
  std::string big_header =
      R"({"path":"/events/t","body":"x","headers":{"x-big":")" + std::string(5000, 'h') + "\"}}";
  ClientReport report = runClient(
      gateway_->port(), R"({"rounds":[[)" + big_header + "],[" + webhook("after") + "]]}");
  ASSERT_EQ(report.rounds.size(), 2u) << report.raw;
  EXPECT_EQ(report.rounds[0][0].status, 431) << report.raw;
  EXPECT_EQ(report.rounds[1][0].status, 202) << report.raw;
}

TEST_F(Http2, StreamResetBeforeItsAnswerDropsTheAnswerAndTheConnectionKeepsServing) {
  ClientReport report =
      runClient(gateway_->port(), R"({"rounds":[[)" + invoke("slow", R"(,"cancelAfterMs":100)") +
                                      "],[" + webhook("after") + "]],\"waitMs\":450}");
  ASSERT_EQ(report.rounds.size(), 2u) << report.raw;
  EXPECT_EQ(report.rounds[0][0].status, 0) << report.raw;
  EXPECT_EQ(report.rounds[1][0].status, 202) << report.raw;
  ASSERT_TRUE(function_->waitForCount(2));
  expectStillServing();
}

TEST_F(Http2, IdleConnectionIsClosedWithGoaway) {
  ClientReport report =
      runClient(gateway_->port(), R"({"rounds":[[)" + webhook("x") + "]],\"waitMs\":2000}");
  ASSERT_EQ(report.rounds.size(), 1u) << report.raw;
  EXPECT_EQ(report.rounds[0][0].status, 202) << report.raw;
  EXPECT_EQ(report.goaway, 0) << "NO_ERROR after idle_timeout (500ms): " << report.raw;
  EXPECT_TRUE(report.closed) << report.raw;
}

TEST_F(Http2, GarbageAfterThePrefaceGetsGoawayAndTheProcessKeepsServing) {
  TestHttpClient client(gateway_->port());
  auto responses =
      client.sendRaw("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\nthis is not an HTTP/2 frame at all", 0);
  EXPECT_TRUE(responses.empty());
  std::string frames;
  ASSERT_TRUE(client.peerClosed(2000, &frames));
  // Our SETTINGS first (server preface), then a GOAWAY (type 7) with a non-zero error code.
  ASSERT_GE(frames.size(), 9u);
  EXPECT_EQ(frames[3], 0x4);
  bool goaway = false;
  for (size_t at = 0; at + 9 <= frames.size();) {
    auto byte = [&](size_t i) { return static_cast<uint8_t>(frames[at + i]); };
    size_t length = (size_t{byte(0)} << 16) | (size_t{byte(1)} << 8) | byte(2);
    if (byte(3) == 0x7 && at + 9 + 8 <= frames.size()) {
      goaway = true;
      EXPECT_NE(byte(9 + 7), 0) << "an error code, not NO_ERROR";
    }
    at += 9 + length;
  }
  EXPECT_TRUE(goaway);
  expectStillServing();
}

TEST_F(Http2, DrainSendsGoawayAndFinishesTheOpenStream) {
  std::thread client([&] {
    ClientReport report =
        runClient(gateway_->port(), R"({"rounds":[[)" + invoke("slow") + "]],\"waitMs\":300}");
    ASSERT_EQ(report.rounds.size(), 1u) << report.raw;
    EXPECT_EQ(report.rounds[0][0].status, 201) << report.raw;
    EXPECT_EQ(report.rounds[0][0].body, R"({"echo":{"k":"slow"}})");
    EXPECT_EQ(report.goaway, 0) << report.raw;
    EXPECT_TRUE(report.closed) << report.raw;
  });
  // Stop once the invoke is in flight; the client thread is joined whatever happens.
  if (function_->waitForCount(1)) {
    EXPECT_EQ(gateway_->stop(), 0);
  } else {
    ADD_FAILURE() << "the invoke never reached the function";
  }
  client.join();
}

}  // namespace
}  // namespace switchyard::testing
