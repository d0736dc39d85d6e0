// The baseline for bench/fanout.ts: the least a Node SSE broadcaster can do.
// GET /stream keeps the response open; POST /publish parses the event's JSON,
// serializes it once in our wire format (id:, event:, data:) and writes that
// one string to every open response. No database, no auth, no replay: what
// Musesocial's fan-out costs above this floor is what the bench reports.
//   PORT=4000 node bench/sse-baseline.mjs
import http from 'node:http';

const viewers = new Set();
let seq = 0;

const server = http.createServer((request, response) => {
  if (request.method === 'GET' && request.url === '/stream') {
    response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
    response.write('retry: 2000\n\n');
    viewers.add(response);
    request.on('close', () => viewers.delete(response));
    return;
  }
  if (request.method === 'POST' && request.url === '/publish') {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      let data;
      try {
        data = JSON.stringify(JSON.parse(body));
      } catch {
        return void response.writeHead(400).end();
      }
      seq += 1;
      const wire = `id: ${seq}\nevent: post.created\ndata: ${data}\n\n`;
      for (const viewer of viewers) viewer.write(wire);
      response.writeHead(201, { 'content-type': 'application/json' }).end(`{"seq":${seq}}`);
    });
    return;
  }
  if (request.method === 'GET' && request.url === '/healthz') return void response.end(`{"seq":${seq}}`);
  response.writeHead(404).end();
});

server.listen(Number(process.env.PORT ?? 4000), '127.0.0.1', () => console.log(`sse-baseline listening on ${process.env.PORT ?? 4000}`));
process.on('SIGTERM', () => process.exit(0));
