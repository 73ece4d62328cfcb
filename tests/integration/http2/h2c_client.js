// An independent HTTP/2 client for the h2c tests: Node's built-in http2 module, one session (one
// TCP connection, prior knowledge) for everything.
//
//   node h2c_client.js PORT PLAN_JSON
//
// PLAN_JSON: {"rounds": [[request, ...], ...], "waitMs": N}. The requests of a round are sent
// concurrently as streams of the same session; rounds run one after another. A request is
// {"method", "path", "headers": {}, "body": "..." | "bodySize": N, "cancelAfterMs": N}; a
// cancelled one is reset by the client (RST_STREAM CANCEL) before its answer. After the rounds,
// the session stays open for waitMs (if given) to observe whether the server closes it.
//
// Prints {"rounds": [[{"status", "headers", "body"} | {"error"}, ...], ...], "goaway": code or
// null, "closed": bool, "error": string or null}.
'use strict';
const http2 = require('http2');

const port = Number(process.argv[2]);
const plan = JSON.parse(process.argv[3]);
const report = { rounds: [], goaway: null, closed: false, error: null };

const session = http2.connect(`http://127.0.0.1:${port}`);
session.on('goaway', (code) => { report.goaway = code; });
session.on('close', () => { report.closed = true; });
session.on('error', (error) => { report.error = String(error.code || error.message); });

function send(spec) {
  return new Promise((resolve) => {
    const headers = Object.assign(
        { ':method': spec.method || 'POST', ':path': spec.path }, spec.headers || {});
    let stream;
    try {
      stream = session.request(headers);
    } catch (error) {
      resolve({ error: String(error.code || error.message) });
      return;
    }
    const result = { status: 0, headers: {}, body: '' };
    stream.setEncoding('utf8');
    stream.on('response', (responseHeaders) => {
      result.status = responseHeaders[':status'];
      for (const [name, value] of Object.entries(responseHeaders)) {
        if (!name.startsWith(':')) {
          result.headers[name] = String(value);
        }
      }
    });
    stream.on('data', (chunk) => { result.body += chunk; });
    stream.on('end', () => resolve(result));
    stream.on('error', (error) => resolve({ error: String(error.code || error.message) }));
    stream.on('close', () => {
      if (!result.status) {
        resolve({ error: `closed (rst code ${stream.rstCode})` });
      }
    });
    if (spec.cancelAfterMs !== undefined) {
      setTimeout(() => stream.close(http2.constants.NGHTTP2_CANCEL), spec.cancelAfterMs);
    }
    const body = spec.bodySize !== undefined ? Buffer.alloc(spec.bodySize, 'x') : spec.body;
    stream.end(body === undefined ? undefined : body);
  });
}

async function main() {
  for (const round of plan.rounds || []) {
    report.rounds.push(await Promise.all(round.map(send)));
  }
  if (plan.waitMs) {
    await new Promise((resolve) => setTimeout(resolve, plan.waitMs));
  }
  if (!session.closed) {
    session.close();
  }
  console.log(JSON.stringify(report));
}

const watchdog = setTimeout(() => {
  report.error = 'timeout';
  console.log(JSON.stringify(report));
  process.exit(2);
}, 20000);
main().then(() => clearTimeout(watchdog), (error) => {
  report.error = String(error);
  console.log(JSON.stringify(report));
  process.exit(1);
});
