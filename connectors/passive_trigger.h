#pragma once

#include "connectors/connector.h"
#include "dispatcher/router/route_table.h"

namespace switchyard::connectors {

// A trigger with nothing of its own to run: its events reach it through the router (a Switchyard
// topic, an SNS topic's subscription). Its stats are the trigger's own counters.
class PassiveTrigger final : public Connector {
 public:
  explicit PassiveTrigger(const router::TriggerRoute& trigger) : trigger_(trigger) {}
  Status start() override { return okStatus(); }
  void stop() override {}
  ConnectorStats stats() const override {
    return {trigger_.metrics->received.value(), trigger_.metrics->accepted.value(), 0};
  }

 private:
  const router::TriggerRoute& trigger_;
};

}  // namespace switchyard::connectors
