#pragma once

// Requests captured from the real AWS SDK for JavaScript v3 (credentials AKIDEXAMPLE /
// fakesecret, region us-east-1), copied from Appendix A of /work/shared/wire/aws-sdk-v3.md: the
// exact bytes, CR LF shown as a newline. Parse them with OwnedRequest::fromCapture().
//
// Two bodies are not in the text: the 3 MiB PutObject's (3,145,728 'a' bytes, see kLargeBodySize)
// and the aws-chunked stream's (its payload hash is STREAMING-UNSIGNED-PAYLOAD-TRAILER, so the
// signature does not cover it).

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace switchyard::aws::testing {

inline constexpr size_t kLargeBodySize = 3145728;
inline constexpr std::string_view kSecret = "fakesecret";
// 2026-11-25T07:52:52Z, the first capture's X-Amz-Date, as Unix seconds.
inline constexpr int64_t kCaptureTime = 1795593172;

// SQS SendMessage
inline constexpr std::string_view kSqsSendMessage = R"capture(POST / HTTP/1.1
content-type: application/x-amz-json-1.0
x-amz-target: AmazonSQS.SendMessage
x-amzn-query-mode: true
content-length: 148
x-amz-user-agent: aws-sdk-js/3.1174.0
user-agent: aws-sdk-js/3.1174.0 ua/2.1 os/linux#6.18.44-fc-v669 lang/js md/nodejs#20.20.2 api/sqs#3.1174.0 m/N,E,e
host: 127.0.0.1:4566
amz-sdk-invocation-id: e4fca88f-7a4f-4b5e-82dd-534eb5fd1242
amz-sdk-request: attempt=1; max=1
x-amz-date: 20261125T075252Z
x-amz-content-sha256: 59d46daad24397dbe2e829790f75508fe42935f52eba1198e6df201f9baf35c0
authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261125/us-east-1/sqs/aws4_request, SignedHeaders=amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target;x-amz-user-agent;x-amzn-query-mode, Signature=ebff93b71fc82180e9170749d2da79f0ca46cb62489d1f5adedfbbe44ede9ad2
Connection: keep-alive

{"QueueUrl":"http://127.0.0.1:4566/000000000000/orders","MessageBody":"hello sqs","MessageAttributes":{"k":{"DataType":"String","StringValue":"v"}}})capture";

// Kinesis PutRecord (requestHandler: NodeHttpHandler = HTTP/1.1)
inline constexpr std::string_view kKinesisPutRecord = R"capture(POST / HTTP/1.1
content-type: application/x-amz-json-1.1
x-amz-target: Kinesis_20131202.PutRecord
content-length: 74
x-amz-user-agent: aws-sdk-js/3.1142.0
user-agent: aws-sdk-js/3.1142.0 ua/2.1 os/linux#6.18.44-fc-v669 lang/js md/nodejs#20.20.2 api/kinesis#3.1142.0 m/N,E,P,e
host: 127.0.0.1:4566
amz-sdk-invocation-id: 6892b63d-d700-48bd-ab98-c4df1ac7a0f1
amz-sdk-request: attempt=1; max=1
x-amz-date: 20261125T075253Z
x-amz-content-sha256: e15ff43c9c3d22b020a73608e52b2aa5c0a106a11a3635042bff57203a748121
authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261125/us-east-1/kinesis/aws4_request, SignedHeaders=amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target;x-amz-user-agent, Signature=26a8b98b31176616a64a41aabf417f976cea321a18c199dcb06a9d845388a672
Connection: keep-alive

{"Data":"aGVsbG8ga2luZXNpcw==","StreamName":"clicks","PartitionKey":"pk1"})capture";

// SNS Publish
inline constexpr std::string_view kSnsPublish = R"capture(POST / HTTP/1.1
content-type: application/x-www-form-urlencoded
content-length: 251
x-amz-user-agent: aws-sdk-js/3.1168.0
user-agent: aws-sdk-js/3.1168.0 ua/2.1 os/linux#6.18.44-fc-v669 lang/js md/nodejs#20.20.2 api/sns#3.1168.0 m/N,E,e
host: 127.0.0.1:4566
amz-sdk-invocation-id: 16404819-f835-46c5-ad3a-c21b481f5e31
amz-sdk-request: attempt=1; max=1
x-amz-date: 20261125T075253Z
x-amz-content-sha256: ba386a74e0119aa84f7e72d238c66e8410f64538e10797138f5c8a0605139e20
authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261125/us-east-1/sns/aws4_request, SignedHeaders=amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-user-agent, Signature=c360ba115f1c24c207954ab244426218c07788679ded4b60a3cffc6a1b9471d9
Connection: keep-alive

Action=Publish&Version=2010-03-31&Message=hello%20sns&TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A000000000000%3Aalerts&Subject=s&MessageAttributes.entry.1.Name=k&MessageAttributes.entry.1.Value.DataType=String&MessageAttributes.entry.1.Value.StringValue=v)capture";

// EventBridge PutEvents
inline constexpr std::string_view kEventBridgePutEvents = R"capture(POST / HTTP/1.1
content-type: application/x-amz-json-1.1
x-amz-target: AWSEvents.PutEvents
content-length: 111
x-amz-user-agent: aws-sdk-js/3.1168.0
user-agent: aws-sdk-js/3.1168.0 ua/2.1 os/linux#6.18.44-fc-v669 lang/js md/nodejs#20.20.2 api/eventbridge#3.1168.0 m/N,E,e
host: 127.0.0.1:4566
amz-sdk-invocation-id: 509ce4b5-b711-4601-9893-1ac63aa2d8d9
amz-sdk-request: attempt=1; max=1
x-amz-date: 20261125T075254Z
x-amz-content-sha256: d18fb313cdc702a4af9e12f6bb8d2d650266f801fe6dcf8422e58c028812ea49
authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261125/us-east-1/events/aws4_request, SignedHeaders=amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target;x-amz-user-agent, Signature=6e6ce92a54704a9ca5e8d162dcdd307649df408d5c8aca23a8bf57763b51882c
Connection: keep-alive

{"Entries":[{"Source":"app.orders","DetailType":"OrderPlaced","Detail":"{\"id\":1}","EventBusName":"default"}]})capture";

// Lambda Invoke InvocationType=Event
inline constexpr std::string_view kLambdaInvokeEvent =
    R"capture(POST /2015-03-31/functions/demo/invocations HTTP/1.1
x-amz-invocation-type: Event
content-type: application/octet-stream
content-length: 7
x-amz-user-agent: aws-sdk-js/3.1163.0
user-agent: aws-sdk-js/3.1163.0 ua/2.1 os/linux#6.18.44-fc-v669 lang/js md/nodejs#20.20.2 api/lambda#3.1163.0 m/N,E,e
host: 127.0.0.1:4566
amz-sdk-invocation-id: 9edc6eb5-83a7-42f3-adf0-80c036d9db9b
amz-sdk-request: attempt=1; max=1
x-amz-date: 20261125T075254Z
x-amz-content-sha256: 015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862
authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261125/us-east-1/lambda/aws4_request, SignedHeaders=amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-invocation-type;x-amz-user-agent, Signature=283b6581b83e2841f0d203161e50838737c6447a48de6daa5cf939cc12e21652
Connection: keep-alive

{"a":1})capture";

// Lambda Invoke InvocationType=RequestResponse
inline constexpr std::string_view kLambdaInvokeRequestResponse =
    R"capture(POST /2015-03-31/functions/demo/invocations?Qualifier=%24LATEST HTTP/1.1
x-amz-invocation-type: RequestResponse
x-amz-log-type: Tail
content-type: application/octet-stream
content-length: 7
x-amz-user-agent: aws-sdk-js/3.1163.0
user-agent: aws-sdk-js/3.1163.0 ua/2.1 os/linux#6.18.44-fc-v669 lang/js md/nodejs#20.20.2 api/lambda#3.1163.0 m/N,E,e
host: 127.0.0.1:4566
amz-sdk-invocation-id: 9360e1c6-6fbe-4f9f-a0c2-2c50e1a87610
amz-sdk-request: attempt=1; max=1
x-amz-date: 20261125T075255Z
x-amz-content-sha256: 015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862
authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261125/us-east-1/lambda/aws4_request, SignedHeaders=amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-invocation-type;x-amz-log-type;x-amz-user-agent, Signature=641cd547830d0afa1f00335630bda3b574913c95db552edc7441cec394b6278e
Connection: keep-alive

{"a":1})capture";

// S3 PutObject (forcePathStyle: true)
inline constexpr std::string_view kS3PutObjectPathStyle =
    R"capture(PUT /inbox/dir/a.json?x-id=PutObject HTTP/1.1
content-type: application/json
content-length: 14
x-amz-sdk-checksum-algorithm: CRC32
x-amz-checksum-crc32: QDdkBA==
x-amz-user-agent: aws-sdk-js/3.1174.0
user-agent: aws-sdk-js/3.1174.0 ua/2.1 os/linux#6.18.44-fc-v669 lang/js md/nodejs#20.20.2 api/s3#3.1174.0 m/N,Z,b,U,E,e
host: 127.0.0.1:4566
amz-sdk-invocation-id: aa04429a-0dc8-4a96-b3f2-fe8b4fa8f738
amz-sdk-request: attempt=1; max=1
x-amz-date: 20261125T075255Z
x-amz-content-sha256: 0afdbfe1eb05c775a9fac7363751566e920544f511923697276d46669cb4373d
authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261125/us-east-1/s3/aws4_request, SignedHeaders=amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;host;x-amz-checksum-crc32;x-amz-content-sha256;x-amz-date;x-amz-sdk-checksum-algorithm;x-amz-user-agent, Signature=2082fd439b794c463a3fd16e7739406e2daba68dc3631213f282bf45ec8aa277
Connection: keep-alive

{"hello":"s3"})capture";

// S3 PutObject (default addressing, IP endpoint)
inline constexpr std::string_view kS3PutObjectDefault =
    R"capture(PUT /inbox/dir/a.json?x-id=PutObject HTTP/1.1
content-type: application/octet-stream
content-length: 14
x-amz-sdk-checksum-algorithm: CRC32
x-amz-checksum-crc32: QDdkBA==
x-amz-user-agent: aws-sdk-js/3.1174.0
user-agent: aws-sdk-js/3.1174.0 ua/2.1 os/linux#6.18.44-fc-v669 lang/js md/nodejs#20.20.2 api/s3#3.1174.0 m/N,Z,b,U,E,e
host: 127.0.0.1:4566
amz-sdk-invocation-id: 290d75b8-52f1-459a-89c1-dbeefde80a86
amz-sdk-request: attempt=1; max=1
x-amz-date: 20261125T075255Z
x-amz-content-sha256: 0afdbfe1eb05c775a9fac7363751566e920544f511923697276d46669cb4373d
authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261125/us-east-1/s3/aws4_request, SignedHeaders=amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;host;x-amz-checksum-crc32;x-amz-content-sha256;x-amz-date;x-amz-sdk-checksum-algorithm;x-amz-user-agent, Signature=d8fd50be657a34a6cce1ef6262f542da40d8f33c81942c837ee46d6a6d7e2c7a
Connection: keep-alive

{"hello":"s3"})capture";

// SQS SendMessage with client option md5: false
inline constexpr std::string_view kSqsSendMessageNoMd5 = R"capture(POST / HTTP/1.1
content-type: application/x-amz-json-1.0
x-amz-target: AmazonSQS.SendMessage
x-amzn-query-mode: true
content-length: 82
x-amz-user-agent: aws-sdk-js/3.1174.0
user-agent: aws-sdk-js/3.1174.0 ua/2.1 os/linux#6.18.44-fc-v669 lang/js md/nodejs#20.20.2 api/sqs#3.1174.0 m/N,E,e
host: 127.0.0.1:4566
amz-sdk-invocation-id: dab60bf7-8481-49f8-bd3d-e68a71f2b487
amz-sdk-request: attempt=1; max=1
x-amz-date: 20261125T075256Z
x-amz-content-sha256: f767970bebd3ce15a29e2ea35f06e76f9a9aa1c7135dff81943e97e7fea8942e
authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261125/us-east-1/sqs/aws4_request, SignedHeaders=amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target;x-amz-user-agent;x-amzn-query-mode, Signature=0b572b2b986af6d17cc71bc1c2c3af089eafea3aead490702ea35c1c37617147
Connection: keep-alive

{"QueueUrl":"http://127.0.0.1:4566/000000000000/orders","MessageBody":"hello sqs"})capture";

// SQS SendMessage with a real AWS QueueUrl (does the endpoint win?)
inline constexpr std::string_view kSqsSendMessageAwsQueueUrl = R"capture(POST / HTTP/1.1
content-type: application/x-amz-json-1.0
x-amz-target: AmazonSQS.SendMessage
x-amzn-query-mode: true
content-length: 96
x-amz-user-agent: aws-sdk-js/3.1174.0
user-agent: aws-sdk-js/3.1174.0 ua/2.1 os/linux#6.18.44-fc-v669 lang/js md/nodejs#20.20.2 api/sqs#3.1174.0 m/N,E,e
host: 127.0.0.1:4566
amz-sdk-invocation-id: 672661fb-017d-41b3-adbb-322ff7d2e0a4
amz-sdk-request: attempt=1; max=1
x-amz-date: 20261125T075256Z
x-amz-content-sha256: 05bf27efc46a20343044f53d6bd77a21ae8968698dfad12bd9922205fd44a700
authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261125/us-east-1/sqs/aws4_request, SignedHeaders=amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target;x-amz-user-agent;x-amzn-query-mode, Signature=7055c19f07777d6b54a8842cad912750fd0bdb9af27d7928637367a44ee9bd9a
Connection: keep-alive

{"QueueUrl":"https://sqs.us-east-1.amazonaws.com/000000000000/orders","MessageBody":"hello sqs"})capture";

// S3 PutObject 3 MiB Buffer body (forcePathStyle)
inline constexpr std::string_view kS3PutObjectLarge =
    R"capture(PUT /inbox/big.bin?x-id=PutObject HTTP/1.1
content-type: application/octet-stream
content-length: 3145728
Expect: 100-continue
x-amz-sdk-checksum-algorithm: CRC32
x-amz-checksum-crc32: mWlh7Q==
x-amz-user-agent: aws-sdk-js/3.1174.0
user-agent: aws-sdk-js/3.1174.0 ua/2.1 os/linux#6.18.44-fc-v669 lang/js md/nodejs#20.20.2 api/s3#3.1174.0 m/N,Z,b,U,E,e
host: 127.0.0.1:4566
amz-sdk-invocation-id: 39e96ae7-1625-43aa-aaec-e14150b21a8f
amz-sdk-request: attempt=1; max=1
x-amz-date: 20261125T075256Z
x-amz-content-sha256: 6f850bc94ae6f7de14297c01616c36d712d22864497b28a63b81d776b035e656
authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261125/us-east-1/s3/aws4_request, SignedHeaders=amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;host;x-amz-checksum-crc32;x-amz-content-sha256;x-amz-date;x-amz-sdk-checksum-algorithm;x-amz-user-agent, Signature=787d584a922c8dc71d5afb5d7b02c3847bfc17ab64288539209aa0a13aea2d81
Connection: close

)capture";

// S3 PutObject stream body with ContentLength (forcePathStyle)
inline constexpr std::string_view kS3PutObjectStream =
    R"capture(PUT /inbox/s.txt?x-id=PutObject HTTP/1.1
content-type: application/octet-stream
x-amz-sdk-checksum-algorithm: CRC32
content-encoding: aws-chunked
transfer-encoding: chunked
x-amz-decoded-content-length: 12
x-amz-content-sha256: STREAMING-UNSIGNED-PAYLOAD-TRAILER
x-amz-trailer: x-amz-checksum-crc32
x-amz-user-agent: aws-sdk-js/3.1174.0
user-agent: aws-sdk-js/3.1174.0 ua/2.1 os/linux#6.18.44-fc-v669 lang/js md/nodejs#20.20.2 api/s3#3.1174.0 m/N,Z,b,U,E,e
host: 127.0.0.1:4566
amz-sdk-invocation-id: ccb7e3c8-be93-48c6-8a3a-0e9001388c4b
amz-sdk-request: attempt=1; max=1
x-amz-date: 20261125T075256Z
authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261125/us-east-1/s3/aws4_request, SignedHeaders=amz-sdk-invocation-id;amz-sdk-request;content-encoding;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-sdk-checksum-algorithm;x-amz-trailer;x-amz-user-agent, Signature=419cbdf94f0537a838b8558f501a14515d89919d246813cc319613faecfd45e0
Connection: keep-alive

)capture";

}  // namespace switchyard::aws::testing
