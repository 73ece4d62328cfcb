#include "dispatcher/outcome.h"

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <string_view>

#include "dispatcher/invocation_result.h"

namespace switchyard::dispatcher {
namespace {

using Transport = InvocationResult::Transport;

struct OutcomeCase {
  std::string name;
  Transport transport;
  int status;
  std::string function_error;
  Outcome outcome;
  std::string_view reason;
};

void PrintTo(const OutcomeCase& c, std::ostream* out) { *out << c.name; }

class OutcomeTable : public ::testing::TestWithParam<OutcomeCase> {};

TEST_P(OutcomeTable, ClassifiesAndLabelsTheResult) {
  const OutcomeCase& c = GetParam();
  InvocationResult result;
  result.transport = c.transport;
  result.status = c.status;
  result.function_error = c.function_error;
  EXPECT_EQ(classify(result), c.outcome);
  EXPECT_EQ(outcomeReason(result), c.reason);
}

constexpr Outcome kSuccess = Outcome::kSuccess;
constexpr Outcome kRetryable = Outcome::kRetryable;
constexpr Outcome kFatal = Outcome::kFatal;

INSTANTIATE_TEST_SUITE_P(
    HttpStatus, OutcomeTable,
    ::testing::Values(
        OutcomeCase{"Ok200", Transport::kResponse, 200, "", kSuccess, "ok"},
        OutcomeCase{"Accepted202", Transport::kResponse, 202, "", kSuccess, "ok"},
        OutcomeCase{"NoContent204", Transport::kResponse, 204, "", kSuccess, "ok"},
        OutcomeCase{"Edge299", Transport::kResponse, 299, "", kSuccess, "ok"},
        OutcomeCase{"TooManyRequests429", Transport::kResponse, 429, "", kRetryable, "http_429"},
        OutcomeCase{"InternalError500", Transport::kResponse, 500, "", kRetryable, "http_5xx"},
        OutcomeCase{"BadGateway502", Transport::kResponse, 502, "", kRetryable, "http_5xx"},
        OutcomeCase{"Unavailable503", Transport::kResponse, 503, "", kRetryable, "http_5xx"},
        OutcomeCase{"Edge599", Transport::kResponse, 599, "", kRetryable, "http_5xx"},
        OutcomeCase{"BadRequest400", Transport::kResponse, 400, "", kFatal, "http_4xx"},
        OutcomeCase{"Unauthorized401", Transport::kResponse, 401, "", kFatal, "http_4xx"},
        OutcomeCase{"NotFound404", Transport::kResponse, 404, "", kFatal, "http_4xx"},
        OutcomeCase{"TooLarge413", Transport::kResponse, 413, "", kFatal, "http_4xx"},
        OutcomeCase{"Edge428", Transport::kResponse, 428, "", kFatal, "http_4xx"},
        OutcomeCase{"Edge430", Transport::kResponse, 430, "", kFatal, "http_4xx"},
        OutcomeCase{"Edge499", Transport::kResponse, 499, "", kFatal, "http_4xx"},
        OutcomeCase{"Moved301", Transport::kResponse, 301, "", kFatal, "http_other"},
        OutcomeCase{"NotModified304", Transport::kResponse, 304, "", kFatal, "http_other"},
        OutcomeCase{"Redirect307", Transport::kResponse, 307, "", kFatal, "http_other"},
        OutcomeCase{"Continue100", Transport::kResponse, 100, "", kFatal, "http_other"},
        OutcomeCase{"Edge199", Transport::kResponse, 199, "", kFatal, "http_other"}),
    [](const ::testing::TestParamInfo<OutcomeCase>& param_info) { return param_info.param.name; });

INSTANTIATE_TEST_SUITE_P(
    FunctionError, OutcomeTable,
    ::testing::Values(OutcomeCase{"UnhandledWith200", Transport::kResponse, 200, "Unhandled",
                                  kRetryable, "function_error"},
                      OutcomeCase{"HandledWith200", Transport::kResponse, 200, "Handled",
                                  kRetryable, "function_error"},
                      OutcomeCase{"UnhandledWith400", Transport::kResponse, 400, "Unhandled",
                                  kRetryable, "function_error"},
                      OutcomeCase{"UnhandledWith502", Transport::kResponse, 502, "Unhandled",
                                  kRetryable, "function_error"}),
    [](const ::testing::TestParamInfo<OutcomeCase>& param_info) { return param_info.param.name; });

// A transport failure is retryable whatever status or function error came with it.
INSTANTIATE_TEST_SUITE_P(
    TransportFailure, OutcomeTable,
    ::testing::Values(
        OutcomeCase{"ConnectFailed", Transport::kConnectFailed, 0, "", kRetryable,
                    "connect_failed"},
        OutcomeCase{"ConnectionLost", Transport::kConnectionLost, 0, "", kRetryable,
                    "connection_lost"},
        OutcomeCase{"Timeout", Transport::kTimeout, 0, "", kRetryable, "timeout"},
        OutcomeCase{"BadResponse", Transport::kBadResponse, 0, "", kRetryable, "bad_response"},
        OutcomeCase{"Overloaded", Transport::kOverloaded, 0, "", kRetryable, "overloaded"},
        OutcomeCase{"Shutdown", Transport::kShutdown, 0, "", kRetryable, "shutdown"},
        OutcomeCase{"TimeoutAfterA200StatusLine", Transport::kTimeout, 200, "", kRetryable,
                    "timeout"},
        OutcomeCase{"ConnectionLostAfterA400StatusLine", Transport::kConnectionLost, 400, "",
                    kRetryable, "connection_lost"},
        OutcomeCase{"TimeoutWithFunctionError", Transport::kTimeout, 200, "Unhandled", kRetryable,
                    "timeout"}),
    [](const ::testing::TestParamInfo<OutcomeCase>& param_info) { return param_info.param.name; });

TEST(TransportName, NamesEveryTransport) {
  EXPECT_STREQ(transportName(Transport::kResponse), "response");
  EXPECT_STREQ(transportName(Transport::kConnectFailed), "connect_failed");
  EXPECT_STREQ(transportName(Transport::kConnectionLost), "connection_lost");
  EXPECT_STREQ(transportName(Transport::kTimeout), "timeout");
  EXPECT_STREQ(transportName(Transport::kBadResponse), "bad_response");
  EXPECT_STREQ(transportName(Transport::kOverloaded), "overloaded");
  EXPECT_STREQ(transportName(Transport::kShutdown), "shutdown");
}

}  // namespace
}  // namespace switchyard::dispatcher
