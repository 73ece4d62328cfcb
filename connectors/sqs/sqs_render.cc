#include "connectors/sqs/sqs_render.h"

#include "connectors/aws/json_builder.h"
#include "connectors/aws/xml_writer.h"
#include "connectors/sqs/engine/message_digest.h"
#include "gateway/core/json_writer.h"

namespace switchyard::sqs {
namespace {

bool isJson(const aws::AwsCall& call) { return call.protocol != aws::Protocol::kQuery; }

aws::AwsResponse xmlResult(const aws::AwsCall& call, aws::XmlWriter& writer) {
  return aws::queryResult(call, std::move(writer).finish());
}

bool wants(const std::vector<std::string>& names, std::string_view name) {
  for (const std::string& wanted : names) {
    if (wanted == "All" || wanted == name) {
      return true;
    }
  }
  return false;
}

bool wantsMessageAttribute(const std::vector<std::string>& names, std::string_view name) {
  for (const std::string& wanted : names) {
    if (wanted == "All" || wanted == ".*" || wanted == name) {
      return true;
    }
    if (wanted.size() > 2 && wanted.ends_with(".*") &&
        name.starts_with(std::string_view(wanted).substr(0, wanted.size() - 1))) {
      return true;
    }
  }
  return false;
}

std::map<std::string, std::string> systemAttributes(const ReceivedMessage& message,
                                                    const std::vector<std::string>& names) {
  std::map<std::string, std::string> all = {
      {"SenderId", message.sender_id},
      {"SentTimestamp", std::to_string(message.sent_timestamp_ms)},
      {"ApproximateReceiveCount", std::to_string(message.approximate_receive_count)},
      {"ApproximateFirstReceiveTimestamp",
       std::to_string(message.approximate_first_receive_timestamp_ms)}};
  if (!message.message_group_id.empty()) {
    all["MessageGroupId"] = message.message_group_id;
  }
  if (!message.message_deduplication_id.empty()) {
    all["MessageDeduplicationId"] = message.message_deduplication_id;
  }
  if (!message.sequence_number.empty()) {
    all["SequenceNumber"] = message.sequence_number;
  }
  if (!message.dead_letter_queue_source_arn.empty()) {
    all["DeadLetterQueueSourceArn"] = message.dead_letter_queue_source_arn;
  }
  if (!message.aws_trace_header.empty()) {
    all["AWSTraceHeader"] = message.aws_trace_header;
  }
  std::map<std::string, std::string> out;
  for (auto& [name, value] : all) {
    if (wants(names, name)) {
      out[name] = value;
    }
  }
  return out;
}

}  // namespace

aws::AwsResponse renderEmpty(const aws::AwsCall& call) {
  return isJson(call) ? aws::jsonResult(call, "{}") : aws::queryResult(call, "");
}

aws::AwsResponse renderQueueUrl(const aws::AwsCall& call, const std::string& url) {
  if (isJson(call)) {
    std::string body;
    aws::JsonObject(body).string("QueueUrl", url).close();
    return aws::jsonResult(call, std::move(body));
  }
  aws::XmlWriter writer;
  writer.element("QueueUrl", url);
  return xmlResult(call, writer);
}

aws::AwsResponse renderUrlList(const aws::AwsCall& call, const std::vector<std::string>& urls,
                               std::string_view json_name, std::string_view xml_element) {
  if (isJson(call)) {
    std::string body;
    aws::JsonObject object(body);
    std::string& list = object.member(json_name);
    list.push_back('[');
    for (size_t i = 0; i < urls.size(); ++i) {
      if (i > 0) {
        list.push_back(',');
      }
      json::appendString(list, urls[i]);
    }
    list.push_back(']');
    object.close();
    return aws::jsonResult(call, std::move(body));
  }
  aws::XmlWriter writer;
  for (const std::string& url : urls) {
    writer.element(xml_element, url);
  }
  return xmlResult(call, writer);
}

aws::AwsResponse renderAttributes(const aws::AwsCall& call, const AttributeMap& attributes) {
  if (isJson(call)) {
    std::string body;
    aws::JsonObject object(body);
    std::string& map = object.member("Attributes");
    aws::JsonObject inner(map);
    for (const auto& [name, value] : attributes) {
      inner.string(name, value);
    }
    inner.close();
    object.close();
    return aws::jsonResult(call, std::move(body));
  }
  aws::XmlWriter writer;
  for (const auto& [name, value] : attributes) {
    writer.open("Attribute").element("Name", name).element("Value", value).close();
  }
  return xmlResult(call, writer);
}

aws::AwsResponse renderTags(const aws::AwsCall& call, const TagMap& tags) {
  if (isJson(call)) {
    std::string body;
    aws::JsonObject object(body);
    std::string& map = object.member("Tags");
    aws::JsonObject inner(map);
    for (const auto& [key, value] : tags) {
      inner.string(key, value);
    }
    inner.close();
    object.close();
    return aws::jsonResult(call, std::move(body));
  }
  aws::XmlWriter writer;
  for (const auto& [key, value] : tags) {
    writer.open("Tag").element("Key", key).element("Value", value).close();
  }
  return xmlResult(call, writer);
}

namespace {

void appendSendFields(aws::JsonObject& object, const SendResult& result) {
  object.string("MessageId", result.message_id)
      .string("MD5OfMessageBody", result.md5_of_message_body);
  if (!result.md5_of_message_attributes.empty()) {
    object.string("MD5OfMessageAttributes", result.md5_of_message_attributes);
  }
  if (!result.md5_of_message_system_attributes.empty()) {
    object.string("MD5OfMessageSystemAttributes", result.md5_of_message_system_attributes);
  }
  if (!result.sequence_number.empty()) {
    object.string("SequenceNumber", result.sequence_number);
  }
}

void appendSendElements(aws::XmlWriter& writer, const SendResult& result) {
  writer.element("MessageId", result.message_id)
      .element("MD5OfMessageBody", result.md5_of_message_body);
  if (!result.md5_of_message_attributes.empty()) {
    writer.element("MD5OfMessageAttributes", result.md5_of_message_attributes);
  }
  if (!result.md5_of_message_system_attributes.empty()) {
    writer.element("MD5OfMessageSystemAttributes", result.md5_of_message_system_attributes);
  }
  if (!result.sequence_number.empty()) {
    writer.element("SequenceNumber", result.sequence_number);
  }
}

}  // namespace

aws::AwsResponse renderSendResult(const aws::AwsCall& call, const SendResult& result) {
  if (isJson(call)) {
    std::string body;
    aws::JsonObject object(body);
    appendSendFields(object, result);
    object.close();
    return aws::jsonResult(call, std::move(body));
  }
  aws::XmlWriter writer;
  appendSendElements(writer, result);
  return xmlResult(call, writer);
}

aws::AwsResponse renderBatchResult(const aws::AwsCall& call,
                                   const std::vector<BatchEntryResult>& entries) {
  bool send = call.operation == "SendMessageBatch";
  std::string entry_element = call.operation + "ResultEntry";
  if (isJson(call)) {
    std::string body;
    aws::JsonObject object(body);
    for (bool ok : {true, false}) {
      std::string& list = object.member(ok ? "Successful" : "Failed");
      list.push_back('[');
      bool first = true;
      for (const BatchEntryResult& entry : entries) {
        if (entry.ok != ok) {
          continue;
        }
        if (!first) {
          list.push_back(',');
        }
        first = false;
        aws::JsonObject item(list);
        item.string("Id", entry.id);
        if (ok && send) {
          appendSendFields(item, entry.sent);
        } else if (!ok) {
          item.boolean("SenderFault", entry.sender_fault)
              .string("Code", entry.code)
              .string("Message", entry.message);
        }
        item.close();
      }
      list.push_back(']');
    }
    object.close();
    return aws::jsonResult(call, std::move(body));
  }
  aws::XmlWriter writer;
  for (const BatchEntryResult& entry : entries) {
    if (entry.ok) {
      writer.open(entry_element).element("Id", entry.id);
      if (send) {
        appendSendElements(writer, entry.sent);
      }
      writer.close();
    } else {
      writer.open("BatchResultErrorEntry")
          .element("Id", entry.id)
          .element("SenderFault", entry.sender_fault ? "true" : "false")
          .element("Code", entry.code)
          .element("Message", entry.message)
          .close();
    }
  }
  return xmlResult(call, writer);
}

aws::AwsResponse renderMessages(const aws::AwsCall& call,
                                const std::vector<ReceivedMessage>& messages,
                                const ReceiveFilter& filter) {
  std::string body;
  aws::XmlWriter writer;
  bool json = isJson(call);
  std::string* list = nullptr;
  std::optional<aws::JsonObject> root;
  if (json) {
    root.emplace(body);
    if (!messages.empty()) {
      list = &root->member("Messages");
      list->push_back('[');
    }
  }
  for (size_t i = 0; i < messages.size(); ++i) {
    const ReceivedMessage& message = messages[i];
    // Only the message attributes asked for, and their digest (the SDK checks it).
    MessageAttributeMap selected;
    for (const auto& [name, value] : message.message_attributes) {
      if (wantsMessageAttribute(filter.message_attribute_names, name)) {
        selected[name] = value;
      }
    }
    std::string md5_of_attributes =
        selected.empty() ? std::string() : hexEncode(md5OfMessageAttributes(selected));
    std::map<std::string, std::string> attributes =
        systemAttributes(message, filter.attribute_names);
    if (json) {
      if (i > 0) {
        list->push_back(',');
      }
      aws::JsonObject item(*list);
      item.string("MessageId", message.message_id)
          .string("ReceiptHandle", message.receipt_handle)
          .string("MD5OfBody", message.md5_of_body)
          .string("Body", message.body);
      if (!attributes.empty()) {
        aws::JsonObject map(item.member("Attributes"));
        for (const auto& [name, value] : attributes) {
          map.string(name, value);
        }
        map.close();
      }
      if (!selected.empty()) {
        item.string("MD5OfMessageAttributes", md5_of_attributes);
        aws::JsonObject map(item.member("MessageAttributes"));
        for (const auto& [name, value] : selected) {
          aws::JsonObject attribute(map.member(name));
          if (value.data_type.starts_with("Binary")) {
            std::string encoded;
            json::appendBase64(encoded, value.binary_value);
            attribute.string("BinaryValue", encoded);
          } else {
            attribute.string("StringValue", value.string_value);
          }
          attribute.string("DataType", value.data_type);
          attribute.close();
        }
        map.close();
      }
      item.close();
      continue;
    }
    writer.open("Message")
        .element("MessageId", message.message_id)
        .element("ReceiptHandle", message.receipt_handle)
        .element("MD5OfBody", message.md5_of_body)
        .element("Body", message.body);
    for (const auto& [name, value] : attributes) {
      writer.open("Attribute").element("Name", name).element("Value", value).close();
    }
    if (!selected.empty()) {
      writer.element("MD5OfMessageAttributes", md5_of_attributes);
      for (const auto& [name, value] : selected) {
        writer.open("MessageAttribute").element("Name", name).open("Value");
        if (value.data_type.starts_with("Binary")) {
          std::string encoded;
          json::appendBase64(encoded, value.binary_value);
          writer.element("BinaryValue", encoded);
        } else {
          writer.element("StringValue", value.string_value);
        }
        writer.element("DataType", value.data_type).close().close();
      }
    }
    writer.close();
  }
  if (json) {
    if (list != nullptr) {
      list->push_back(']');
    }
    root->close();
    return aws::jsonResult(call, std::move(body));
  }
  return xmlResult(call, writer);
}

}  // namespace switchyard::sqs
