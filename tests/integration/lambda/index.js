// Node handlers for the Runtime API tests, run by the real aws-lambda-ric.
const fs = require('fs');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

exports.echo = async (event, context) => {
  console.log('echo handler got', JSON.stringify(event));
  return echoResult(event, context);
};

const echoResult = (event, context) => ({
  echo: event,
  requestId: context.awsRequestId,
  functionName: context.functionName,
  arn: context.invokedFunctionArn,
  remainingMs: context.getRemainingTimeInMillis(),
  pid: process.pid,
});

exports.fail = async (event) => {
  throw new TypeError('boom ' + event.n);
};

// Sleeps event.ms; reports when it ran, so a test can measure concurrency at the handler.
exports.slow = async (event) => {
  const started = Date.now();
  await sleep(event.ms || 0);
  return { started, finished: Date.now(), pid: process.pid };
};

exports.crash = async () => {
  process.exit(3);
};

// Fails the first attempt of each request (the request id stays the same across retries).
exports.flaky = async (event, context) => {
  const marker = (process.env.FLAKY_DIR || '/tmp') + '/flaky-' + context.awsRequestId;
  if (!fs.existsSync(marker)) {
    fs.writeFileSync(marker, 'seen');
    throw new Error('first attempt fails');
  }
  fs.unlinkSync(marker);
  return { ok: true, attemptAfterFailure: true };
};
