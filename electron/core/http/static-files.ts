import { readFile, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** Same policy as the Electron window: our own scripts only, no remote content, no framing. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Serves the built renderer; unknown paths fall back to index.html (the app routes itself). */
export async function serveStatic(root: string, urlPath: string, res: ServerResponse): Promise<void> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    // A malformed percent-encoding (`%E0%A4%A`) is the client's mistake, not a server error.
    res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('Malformed URL encoding.');
    return;
  }
  const rel = decoded.replace(/^\/+/, '') || 'index.html';
  const resolved = path.resolve(root, rel);
  // Refuse anything that escapes the renderer folder (../ or an absolute path in the URL), and
  // source maps: the shipped UI never hands out its sources (vite.config.ts builds none either).
  if ((resolved !== root && !resolved.startsWith(root + path.sep)) || /\.map$/i.test(resolved)) {
    res.writeHead(404).end();
    return;
  }
  const file = (await isFile(resolved)) ? resolved : path.join(root, 'index.html');
  if (!(await isFile(file))) {
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('The user interface has not been built. Run `npm run build:renderer` (npm run serve does it).');
    return;
  }
  const body = await readFile(file);
  res.writeHead(200, {
    'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  });
  res.end(body);
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}
