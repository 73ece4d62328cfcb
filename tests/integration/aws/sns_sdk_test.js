// Every SNS operation Switchyard serves, through the real AWS SDK for JavaScript v3.
//   usage: node sns_sdk_test.js ENDPOINT FUNCTION_NAME
const assert = require('assert/strict');
const sns = require('@aws-sdk/client-sns');
const sqs = require('@aws-sdk/client-sqs');

const [endpoint, functionName] = process.argv.slice(2);
const options = { endpoint, region: 'us-east-1', maxAttempts: 1,
                  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'fakesecret' } };
const client = new sns.SNSClient(options);
const queues = new sqs.SQSClient(options);
const send = (Command, input) => client.send(new Command(input));
const ok = (what) => console.log('ok ' + what);

(async () => {
  const { TopicArn: topic } = await send(sns.CreateTopicCommand, { Name: 'sdk-topic' });
  assert.equal(topic, 'arn:aws:sns:us-east-1:000000000000:sdk-topic');
  ok('CreateTopic');
  assert.ok((await send(sns.ListTopicsCommand, {})).Topics.some((t) => t.TopicArn === topic));
  ok('ListTopics');
  const attributes = (await send(sns.GetTopicAttributesCommand, { TopicArn: topic })).Attributes;
  assert.equal(attributes.TopicArn, topic);
  ok('GetTopicAttributes');
  await send(sns.SetTopicAttributesCommand, { TopicArn: topic, AttributeName: 'DisplayName', AttributeValue: 'SDK' });
  assert.equal((await send(sns.GetTopicAttributesCommand, { TopicArn: topic })).Attributes.DisplayName, 'SDK');
  ok('SetTopicAttributes');
  await send(sns.TagResourceCommand, { ResourceArn: topic, Tags: [{ Key: 'env', Value: 'test' }, { Key: 'team', Value: 'core' }] });
  await send(sns.UntagResourceCommand, { ResourceArn: topic, TagKeys: ['team'] });
  assert.deepEqual((await send(sns.ListTagsForResourceCommand, { ResourceArn: topic })).Tags, [{ Key: 'env', Value: 'test' }]);
  ok('TagResource UntagResource ListTagsForResource');

  const { QueueUrl: queue } = await queues.send(new sqs.CreateQueueCommand({ QueueName: 'sdk-topic-queue' }));
  const queueArn = (await queues.send(new sqs.GetQueueAttributesCommand({ QueueUrl: queue, AttributeNames: ['QueueArn'] }))).Attributes.QueueArn;
  const toQueue = await send(sns.SubscribeCommand, { TopicArn: topic, Protocol: 'sqs', Endpoint: queueArn, ReturnSubscriptionArn: true });
  const toFunction = await send(sns.SubscribeCommand, {
    TopicArn: topic, Protocol: 'lambda', ReturnSubscriptionArn: true,
    Endpoint: 'arn:aws:lambda:us-east-1:000000000000:function:' + functionName,
    Attributes: { FilterPolicy: JSON.stringify({ level: ['error'] }) },
  });
  assert.ok(toQueue.SubscriptionArn.startsWith(topic + ':'));
  ok('Subscribe');
  const subscriptions = (await send(sns.ListSubscriptionsByTopicCommand, { TopicArn: topic })).Subscriptions;
  assert.equal(subscriptions.length, 2);
  assert.equal((await send(sns.ListSubscriptionsCommand, {})).Subscriptions.length >= 2, true);
  ok('ListSubscriptions');
  const subscription = (await send(sns.GetSubscriptionAttributesCommand, { SubscriptionArn: toFunction.SubscriptionArn })).Attributes;
  assert.equal(JSON.parse(subscription.FilterPolicy).level[0], 'error');
  ok('GetSubscriptionAttributes');

  const published = await send(sns.PublishCommand, {
    TopicArn: topic, Message: 'disk full', Subject: 'alarm',
    MessageAttributes: { level: { DataType: 'String', StringValue: 'error' } },
  });
  assert.ok(published.MessageId);
  await send(sns.PublishCommand, { TopicArn: topic, Message: 'all good', MessageAttributes: { level: { DataType: 'String', StringValue: 'info' } } });
  ok('Publish');
  const batch = await send(sns.PublishBatchCommand, {
    TopicArn: topic,
    PublishBatchRequestEntries: [{ Id: 'one', Message: 'b1' }, { Id: 'two', Message: 'b2', MessageAttributes: { level: { DataType: 'String', StringValue: 'error' } } }],
  });
  assert.equal(batch.Successful.length, 2);
  ok('PublishBatch');

  // The queue got every message in SNS's envelope.
  const bodies = [];
  for (let i = 0; i < 5 && bodies.length < 4; i++) {
    const got = await queues.send(new sqs.ReceiveMessageCommand({ QueueUrl: queue, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
    for (const m of got.Messages || []) bodies.push(JSON.parse(m.Body));
  }
  assert.deepEqual(bodies.map((b) => b.Message).sort(), ['all good', 'b1', 'b2', 'disk full']);
  assert.equal(bodies.find((b) => b.Message === 'disk full').Subject, 'alarm');
  assert.equal(bodies[0].Type, 'Notification');
  assert.equal(bodies[0].TopicArn, topic);
  ok('sqs subscription delivery');

  await send(sns.SetSubscriptionAttributesCommand, { SubscriptionArn: toQueue.SubscriptionArn, AttributeName: 'RawMessageDelivery', AttributeValue: 'true' });
  await send(sns.PublishCommand, { TopicArn: topic, Message: 'raw body' });
  const raw = await queues.send(new sqs.ReceiveMessageCommand({ QueueUrl: queue, WaitTimeSeconds: 2 }));
  assert.equal(raw.Messages[0].Body, 'raw body');
  ok('SetSubscriptionAttributes RawMessageDelivery');

  await send(sns.UnsubscribeCommand, { SubscriptionArn: toQueue.SubscriptionArn });
  assert.equal((await send(sns.ListSubscriptionsByTopicCommand, { TopicArn: topic })).Subscriptions.length, 1);
  ok('Unsubscribe');

  await assert.rejects(send(sns.PublishCommand, { TopicArn: topic + '-missing', Message: 'x' }), { name: 'NotFoundException' });
  await assert.rejects(send(sns.SubscribeCommand, { TopicArn: topic + '-missing', Protocol: 'sqs', Endpoint: queueArn }), { name: 'NotFoundException' });
  ok('NotFoundException');
  await send(sns.DeleteTopicCommand, { TopicArn: topic });
  assert.ok(!(await send(sns.ListTopicsCommand, {})).Topics.some((t) => t.TopicArn === topic));
  ok('DeleteTopic');
  console.log('ALL OK');
})().catch((error) => {
  console.error('FAILED:', error.name, error.message);
  process.exit(1);
});
