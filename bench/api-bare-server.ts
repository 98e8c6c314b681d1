// The API benchmark's baseline (started by bench/api.ts): bare node:http answering
// GET /api/posts/:id/comments straight from the database through @libsql/client — one SELECT, the
// rows as a flat JSON list, no cache, no framework, no thread building.
//   DATABASE_URL=file:… PORT=0 HOST=127.0.0.1 node --experimental-strip-types bench/api-bare-server.ts
// Prints "listening on http://host:port" once it accepts connections.
import { createClient } from '@libsql/client';
import { createServer } from 'node:http';

const url = process.env['DATABASE_URL'];
if (!url) throw new Error('DATABASE_URL is required');
const host = process.env['HOST'] ?? '127.0.0.1';
const port = Number(process.env['PORT'] ?? 0);

// The same columns and visible statuses as the real thread query (api/comments/model.ts).
const sql = `SELECT id, post_id, parent_id, author_name, author_kind, body_html, status, created_at FROM comments
             WHERE post_id = ? AND status IN ('published', 'hidden', 'removed_by_author', 'removed_by_moderator')`;
const db = createClient({ url, timeout: 5000 });
const route = /^\/api\/posts\/([^/]+)\/comments$/;

const server = createServer((req, res) => {
  const match = req.method === 'GET' ? route.exec((req.url ?? '').split('?')[0]!) : null;
  if (!match) {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
    return;
  }
  db.execute({ sql, args: [decodeURIComponent(match[1]!)] }).then(
    (result) => {
      const body = JSON.stringify(result.rows);
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) }).end(body);
    },
    (error: unknown) => {
      console.error('query failed:', error);
      res.writeHead(500, { 'Content-Type': 'text/plain' }).end('error');
    },
  );
});

server.listen(port, host, () => {
  const address = server.address();
  if (address && typeof address === 'object') console.log(`listening on http://${address.address}:${address.port}`);
});

const stop = () => {
  server.close(() => {
    db.close();
    process.exit(0);
  });
  server.closeAllConnections();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
