// The baseline for several pages and for several processes: a bare node:http server answering
// each path with the bytes and headers Gloss sent for it, from memory (404 elsewhere), in WORKERS
// processes sharing PORT (node:cluster, as `gloss serve --workers` does; 1 serves from this
// process). Usage: node --import tsx bench/lib/bare-pages.ts FILE.json PORT WORKERS
// FILE.json: { "/path?query": { "headers": [[name, value], …], "body": base64 }, … }
// Prints the port once every process listens.
import cluster from 'node:cluster';
import fs from 'node:fs';
import http from 'node:http';

const [file, portArg, workersArg] = process.argv.slice(2);
const port = Number(portArg);
const workers = Number(workersArg ?? 1);

if (cluster.isPrimary && workers > 1) {
  let listening = 0;
  for (let i = 0; i < workers; i++) {
    cluster.fork().on('listening', () => {
      if (++listening === workers) process.stdout.write(`${port}\n`);
    });
  }
  cluster.on('exit', (_worker, code, signal) => {
    // A baseline that loses a process measures something else: stop, so the run fails loudly.
    process.stderr.write(`a bare worker exited (${signal ?? code})\n`);
    process.exit(1);
  });
  process.on('SIGTERM', () => {
    cluster.removeAllListeners('exit');
    for (const w of Object.values(cluster.workers ?? {})) w?.kill();
    process.exit(0);
  });
} else {
  const pages = JSON.parse(fs.readFileSync(file!, 'utf8')) as Record<
    string,
    { headers: [string, string][]; body: string }
  >;
  const answers = new Map<string, { headers: string[]; bytes: Buffer }>();
  for (const [path, page] of Object.entries(pages)) {
    const bytes = Buffer.from(page.body, 'base64');
    answers.set(path, { headers: [...page.headers.flat(), 'content-length', String(bytes.length)], bytes });
  }
  const server = http.createServer((req, res) => {
    const answer = answers.get(req.url ?? '');
    if (!answer) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, answer.headers);
    res.end(answer.bytes);
  });
  server.listen(port, '127.0.0.1', () => {
    if (cluster.isPrimary) process.stdout.write(`${port}\n`);
  });
}
