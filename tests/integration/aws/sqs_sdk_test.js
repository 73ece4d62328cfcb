// Every SQS operation Switchyard serves, driven by the real AWS SDK for JavaScript v3 with an
// endpoint override.   usage: node sqs_sdk_test.js ENDPOINT
// Prints one "ok <check>" line per check; exits non-zero at the first failure.
const assert = require('assert/strict');
const sqs = require('@aws-sdk/client-sqs');

const endpoint = process.argv[2];
const client = new sqs.SQSClient({
  endpoint, region: 'us-east-1', maxAttempts: 1,
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'fakesecret' },
});
const send = (Command, input) => client.send(new Command(input));
const ok = (what) => console.log('ok ' + what);

(async () => {
  const { QueueUrl: dlq } = await send(sqs.CreateQueueCommand, { QueueName: 'sdk-dlq' });
  const dlqArn = (await send(sqs.GetQueueAttributesCommand, { QueueUrl: dlq, AttributeNames: ['QueueArn'] })).Attributes.QueueArn;
  const { QueueUrl: url } = await send(sqs.CreateQueueCommand, {
    QueueName: 'sdk-orders',
    Attributes: { VisibilityTimeout: '1', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 2 }) },
  });
  assert.match(url, /\/000000000000\/sdk-orders$/);
  ok('CreateQueue');
  assert.equal((await send(sqs.GetQueueUrlCommand, { QueueName: 'sdk-orders' })).QueueUrl, url);
  ok('GetQueueUrl');
  const listed = (await send(sqs.ListQueuesCommand, { QueueNamePrefix: 'sdk-' })).QueueUrls;
  assert.deepEqual(listed.sort(), [dlq, url].sort());
  ok('ListQueues');

  // The SDK checks MD5OfMessageBody and MD5OfMessageAttributes itself.
  const sent = await send(sqs.SendMessageCommand, {
    QueueUrl: url, MessageBody: 'hello sqs',
    MessageAttributes: { kind: { DataType: 'String', StringValue: 'order' }, n: { DataType: 'Number', StringValue: '7' },
                         raw: { DataType: 'Binary', BinaryValue: Buffer.from([1, 2, 3]) } },
  });
  assert.ok(sent.MessageId && sent.MD5OfMessageBody && sent.MD5OfMessageAttributes);
  ok('SendMessage');
  const batch = await send(sqs.SendMessageBatchCommand, {
    QueueUrl: url, Entries: [{ Id: 'a', MessageBody: 'one' }, { Id: 'b', MessageBody: 'two', DelaySeconds: 0 }],
  });
  assert.equal(batch.Successful.length, 2);
  assert.equal((batch.Failed || []).length, 0);
  ok('SendMessageBatch');

  const attrs = (await send(sqs.GetQueueAttributesCommand, { QueueUrl: url, AttributeNames: ['All'] })).Attributes;
  assert.equal(attrs.ApproximateNumberOfMessages, '3');
  assert.equal(attrs.VisibilityTimeout, '1');
  ok('GetQueueAttributes');
  await send(sqs.SetQueueAttributesCommand, { QueueUrl: url, Attributes: { VisibilityTimeout: '2' } });
  assert.equal((await send(sqs.GetQueueAttributesCommand, { QueueUrl: url, AttributeNames: ['VisibilityTimeout'] })).Attributes.VisibilityTimeout, '2');
  ok('SetQueueAttributes');

  const received = await send(sqs.ReceiveMessageCommand, {
    QueueUrl: url, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'], AttributeNames: ['All'],
  });
  assert.equal(received.Messages.length, 3);
  const first = received.Messages.find((m) => m.Body === 'hello sqs');
  assert.equal(first.MessageAttributes.kind.StringValue, 'order');
  assert.deepEqual([...first.MessageAttributes.raw.BinaryValue], [1, 2, 3]);
  assert.equal(first.Attributes.ApproximateReceiveCount, '1');
  ok('ReceiveMessage');

  await send(sqs.ChangeMessageVisibilityCommand, { QueueUrl: url, ReceiptHandle: first.ReceiptHandle, VisibilityTimeout: 0 });
  const again = await send(sqs.ReceiveMessageCommand, { QueueUrl: url, MaxNumberOfMessages: 10 });
  assert.equal(again.Messages.length, 1);
  assert.equal(again.Messages[0].Body, 'hello sqs');
  ok('ChangeMessageVisibility');
  const others = received.Messages.filter((m) => m !== first);
  const deleted = await send(sqs.DeleteMessageBatchCommand, {
    QueueUrl: url, Entries: others.map((m, i) => ({ Id: 'd' + i, ReceiptHandle: m.ReceiptHandle })),
  });
  assert.equal(deleted.Successful.length, 2);
  ok('DeleteMessageBatch');
  await send(sqs.DeleteMessageCommand, { QueueUrl: url, ReceiptHandle: again.Messages[0].ReceiptHandle });
  ok('DeleteMessage');

  // Long polling: a receive waits for a message sent while it waits.
  const started = Date.now();
  const waiting = send(sqs.ReceiveMessageCommand, { QueueUrl: url, WaitTimeSeconds: 5 });
  setTimeout(() => send(sqs.SendMessageCommand, { QueueUrl: url, MessageBody: 'late' }), 300);
  const late = await waiting;
  assert.equal(late.Messages[0].Body, 'late');
  assert.ok(Date.now() - started >= 250 && Date.now() - started < 3000);
  ok('ReceiveMessage long polling');

  // Redrive: received twice without a delete, the third receive finds it in the DLQ.
  await send(sqs.ChangeMessageVisibilityCommand, { QueueUrl: url, ReceiptHandle: late.Messages[0].ReceiptHandle, VisibilityTimeout: 0 });
  await send(sqs.ReceiveMessageCommand, { QueueUrl: url, VisibilityTimeout: 0 });
  const empty = await send(sqs.ReceiveMessageCommand, { QueueUrl: url });
  assert.equal((empty.Messages || []).length, 0);
  const dead = await send(sqs.ReceiveMessageCommand, { QueueUrl: dlq, AttributeNames: ['All'] });
  assert.equal(dead.Messages[0].Body, 'late');
  ok('redrive after maxReceiveCount');

  await send(sqs.SendMessageCommand, { QueueUrl: url, MessageBody: 'purge me' });
  await send(sqs.PurgeQueueCommand, { QueueUrl: url });
  assert.equal((await send(sqs.GetQueueAttributesCommand, { QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] })).Attributes.ApproximateNumberOfMessages, '0');
  ok('PurgeQueue');

  // FIFO: per-group order and deduplication.
  const { QueueUrl: fifo } = await send(sqs.CreateQueueCommand, { QueueName: 'sdk.fifo', Attributes: { FifoQueue: 'true' } });
  for (const [group, body] of [['g1', 'a1'], ['g2', 'b1'], ['g1', 'a2'], ['g1', 'a2']]) {
    await send(sqs.SendMessageCommand, { QueueUrl: fifo, MessageBody: body, MessageGroupId: group, MessageDeduplicationId: group + body });
  }
  const fifoMessages = (await send(sqs.ReceiveMessageCommand, { QueueUrl: fifo, MaxNumberOfMessages: 10 })).Messages.map((m) => m.Body);
  assert.deepEqual(fifoMessages.filter((b) => b.startsWith('a')), ['a1', 'a2']);
  assert.equal(fifoMessages.length, 3, 'the duplicate was dropped');
  ok('FIFO order and deduplication');

  await send(sqs.DeleteQueueCommand, { QueueUrl: fifo });
  ok('DeleteQueue');

  // Typed errors.
  await assert.rejects(send(sqs.GetQueueUrlCommand, { QueueName: 'no-such-queue' }), { name: 'QueueDoesNotExist' });
  await assert.rejects(send(sqs.SendMessageCommand, { QueueUrl: endpoint + '/000000000000/no-such-queue', MessageBody: 'x' }), { name: 'QueueDoesNotExist' });
  ok('QueueDoesNotExist');
  console.log('ALL OK');
})().catch((error) => {
  console.error('FAILED:', error.name, error.message);
  process.exit(1);
});
