#pragma once

#include <map>
#include <string>

#include "gateway/config/config.h"
#include "gateway/config/yaml_reader.h"

namespace switchyard::config {

// `aws:`, `queues:` and `topics:` (the AWS-compatible services' identity and declared state).
void readAws(ErrorSink& errors, const ValueRef& ref, AwsConfig* aws);
std::map<std::string, QueueConfig> readQueues(ErrorSink& errors, const ValueRef& ref);
std::map<std::string, TopicConfig> readTopics(ErrorSink& errors, const ValueRef& ref);

// Cross-references once everything is read: redrive targets and subscription endpoints exist,
// FIFO queues redrive to FIFO queues.
void checkAwsReferences(ErrorSink& errors, const Config& config);

// A YAML value as JSON text (plain scalars that look like numbers, booleans or null stay bare;
// everything else is a string), for filter policies declared in YAML.
std::string yamlToJson(const YAML::Node& node);

}  // namespace switchyard::config
