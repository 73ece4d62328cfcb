#include "dispatcher/shard.h"

#include "dispatcher/function_runtime.h"
#include "gateway/core/metrics.h"

namespace switchyard::dispatcher {

Shard::Shard(int index)
    : index_(index),
      thread_("shard-" + std::to_string(index)),
      timers_(std::make_unique<LoopTimers>(thread_.loop())) {}

Shard::~Shard() {
  thread_.join();
  functions_.clear();
}

void Shard::addFunction(std::unique_ptr<FunctionRuntime> function) {
  functions_.push_back(std::move(function));
}

void Shard::start(std::function<void()> on_start) {
  thread_.start([this, on_start = std::move(on_start)] {
    metrics::setCurrentShard(index_);
    if (on_start) {
      on_start();
    }
  });
}

void Shard::stop(std::function<void()> on_stop) {
  thread_.stop([this, on_stop = std::move(on_stop)] {
    if (on_stop) {
      on_stop();
    }
    for (auto& function : functions_) {
      function->abandon();
    }
    timers_->close();
  });
}

}  // namespace switchyard::dispatcher
