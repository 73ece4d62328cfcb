#include "gateway/cli/commands.h"

int main(int argc, char** argv) { return switchyard::cli::dispatchCommand(argc, argv); }
