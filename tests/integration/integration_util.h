#pragma once

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/function_server.h"
#include "tests/support/gateway_process.h"
#include "tests/support/http_client.h"

namespace switchyard::testing {

// A fresh directory for one test gateway's store (the DLQ), removed when the test program exits.
inline std::string freshDataDir() {
  static std::vector<std::string>* created = [] {
    static std::vector<std::string> directories;
    std::atexit([] {
      for (const std::string& directory : directories) {
        std::error_code ignored;
        std::filesystem::remove_all(directory, ignored);
      }
    });
    return &directories;
  }();
  std::string pattern =
      (std::filesystem::temp_directory_path() / "switchyard-data-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    ADD_FAILURE() << "mkdtemp failed";
    return "/tmp";
  }
  created->push_back(pattern);
  return pattern;
}

// `server:` and `store:` blocks for a test gateway: OS-chosen ports on 127.0.0.1, its own DLQ
// store. `extra` lines go into the server block.
inline std::string serverBlock(int shards = 2, const std::string& extra = "",
                               const std::string& data_dir = freshDataDir()) {
  return "server:\n  listen: 127.0.0.1:0\n  admin: 127.0.0.1:0\n  shards: " +
         std::to_string(shards) + "\n" + extra + "store:\n  data_dir: " + data_dir + "\n";
}

// Starts the gateway or fails the test with its log.
inline std::unique_ptr<GatewayProcess> startGateway(const std::string& yaml) {
  std::string log;
  auto gateway = GatewayProcess::start(yaml, &log);
  EXPECT_NE(gateway, nullptr) << "gateway did not start; config:\n" << yaml << "\nlog:\n" << log;
  return gateway;
}

// A port nothing listens on right now (for configs that need a fixed one).
inline uint16_t freePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address));
  socklen_t length = sizeof(address);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

// Polls `condition` until true or the timeout passes.
template <typename Condition>
bool eventually(Condition condition, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return condition();
}

inline std::string functionSeries(const std::string& metric, const std::string& function) {
  return metric + "{function=\"" + function + "\"}";
}

}  // namespace switchyard::testing
