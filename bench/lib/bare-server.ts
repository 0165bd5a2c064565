// The baseline: a bare node:http server answering every request with the same bytes and headers,
// from memory. Usage: node --import tsx bench/lib/bare-server.ts FILE.json (headers + body base64).
import fs from 'node:fs';
import http from 'node:http';

const { headers, body } = JSON.parse(fs.readFileSync(process.argv[2]!, 'utf8')) as {
  headers: [string, string][];
  body: string;
};
const bytes = Buffer.from(body, 'base64');
const flat = [...headers.flat(), 'content-length', String(bytes.length)];
const server = http.createServer((_req, res) => {
  res.writeHead(200, flat);
  res.end(bytes);
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${typeof address === 'object' && address ? address.port : 0}\n`);
});
