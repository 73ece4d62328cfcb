-- wrk script: SendMessageBatch (10 entries) to one queue, SQS JSON protocol, unsigned (as the AWS
-- SDK v3 sends it when no credentials are configured). Used by bench/aws_store.sh (100-byte bodies)
-- and bench/baseline.sh (c) (BODY_BYTES=293); the queue URL comes from the environment (QUEUE_URL).
local queue_url = os.getenv("QUEUE_URL")
local body = string.rep("x", tonumber(os.getenv("BODY_BYTES") or "100"))
local entries = {}
for i = 1, 10 do
  entries[i] = string.format('{"Id":"e%d","MessageBody":"%s"}', i, body)
end
wrk.method = "POST"
wrk.path = "/"
wrk.headers["Content-Type"] = "application/x-amz-json-1.0"
wrk.headers["X-Amz-Target"] = "AmazonSQS.SendMessageBatch"
wrk.body = string.format('{"QueueUrl":"%s","Entries":[%s]}', queue_url, table.concat(entries, ","))

function done(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read +
                 summary.errors.write + summary.errors.timeout
  io.write(string.format("batches/s %.0f  messages/s %.0f  p50 %.2f ms  p99 %.2f ms  " ..
                         "p99.9 %.2f ms  errors %d\n",
                         summary.requests / (summary.duration / 1e6),
                         10 * summary.requests / (summary.duration / 1e6),
                         latency:percentile(50) / 1000, latency:percentile(99) / 1000,
                         latency:percentile(99.9) / 1000, errors))
end
