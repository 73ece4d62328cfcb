// With credentials configured, a request signed with the wrong secret gets AWS's error through
// the SDK, and a correctly signed one succeeds.   usage: node signature_sdk_test.js ENDPOINT
const assert = require('assert/strict');
const sqs = require('@aws-sdk/client-sqs');
const sns = require('@aws-sdk/client-sns');

const endpoint = process.argv[2];
const make = (Client, secret) => new Client({ endpoint, region: 'us-east-1', maxAttempts: 1,
  credentials: { accessKeyId: 'AKIDSWITCHYARD', secretAccessKey: secret } });

(async () => {
  const good = make(sqs.SQSClient, 'right-secret');
  await good.send(new sqs.CreateQueueCommand({ QueueName: 'signed' }));
  console.log('ok signed request accepted');
  const bad = make(sqs.SQSClient, 'wrong-secret');
  await assert.rejects(bad.send(new sqs.ListQueuesCommand({})), (error) => {
    assert.equal(error.name, 'SignatureDoesNotMatch');
    assert.equal(error.$metadata.httpStatusCode, 403);
    return true;
  });
  console.log('ok SQS bad signature: SignatureDoesNotMatch');
  const badTopics = make(sns.SNSClient, 'wrong-secret');
  await assert.rejects(badTopics.send(new sns.ListTopicsCommand({})), { name: 'SignatureDoesNotMatch' });
  console.log('ok SNS bad signature: SignatureDoesNotMatch');
  const unknown = new sqs.SQSClient({ endpoint, region: 'us-east-1', maxAttempts: 1,
    credentials: { accessKeyId: 'AKIDUNKNOWN', secretAccessKey: 'x' } });
  await assert.rejects(unknown.send(new sqs.ListQueuesCommand({})), (error) => error.$metadata.httpStatusCode === 403);
  console.log('ok unknown access key refused');
  console.log('ALL OK');
})().catch((error) => {
  console.error('FAILED:', error.name, error.message);
  process.exit(1);
});
