/**
 * The practical ceiling: a bare node:http server that reads the body and answers fixed bytes, with the same headers
 * and body as the mock's success answer. Prints `listening on http://127.0.0.1:<port>` like the mock CLI.
 */
import { createServer } from 'node:http';

const body = Buffer.from(process.env.BENCH_BODY ?? '{}');
const headers = { 'content-type': 'application/json; charset=utf-8', 'content-length': body.byteLength };

const server = createServer((req, res) => {
  // The body is consumed as the mock consumes it, so that both do the same socket work.
  req.on('data', () => {});
  req.on('end', () => {
    res.writeHead(200, headers);
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => {
  const addr = server.address();
  console.log(`listening on http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
