// An ordinary Lambda handler. Switchyard runs it with the real aws-lambda-ric; no change needed.
exports.handler = async (event, context) => {
  // From a webhook trigger the event is API Gateway's (format aws); from the Invoke API it is
  // the payload as sent.
  const input = typeof event.body === 'string' ? JSON.parse(event.body || '{}') : event;
  console.log('greeting', input.name || 'world');
  return {
    greeting: `Hello, ${input.name || 'world'}!`,
    requestId: context.awsRequestId,
    remainingMs: context.getRemainingTimeInMillis(),
  };
};
