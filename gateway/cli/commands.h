#pragma once

#include <string>
#include <vector>

namespace switchyard::cli {

// Each returns the process exit code: 0 success, 1 runtime failure, 2 usage or config error.
int runCommand(const std::vector<std::string>& args);
int validateCommand(const std::vector<std::string>& args);
int versionCommand(const std::vector<std::string>& args);
int sinkCommand(const std::vector<std::string>& args);
int dlqCommand(const std::vector<std::string>& args);
int benchCommand(const std::vector<std::string>& args);

int dispatchCommand(int argc, char** argv);

}  // namespace switchyard::cli
