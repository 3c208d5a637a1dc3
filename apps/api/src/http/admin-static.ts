import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../domain/errors.js';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

// The console talks only to its own origin; it may not be framed (clickjacking).
const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
};

/** apps/admin/dist, found from both src/ (tests, tsx) and dist/ (the built server); ADMIN_DIST_DIR overrides. */
export function adminDistFolder(configured?: string): string | undefined {
  if (configured) return resolve(configured);
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'admin', 'dist');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    dir = dirname(dir);
  }
  return undefined;
}

function sendFile(req: IncomingMessage, res: ServerResponse, file: string, cache: string): void {
  const size = statSync(file).size;
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'content-length': size,
    'cache-control': cache,
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file).pipe(res);
}

/**
 * Serves the built console under /admin/: hashed assets with a long cache,
 * every other path the SPA's index.html (client-side routes), never the
 * /admin/api/* session endpoints.
 */
export function adminStaticMount(distFolder: string | undefined = adminDistFolder()) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (path !== '/admin' && !path.startsWith('/admin/')) return false;
    if (path.startsWith('/admin/api/')) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    if (path === '/admin') {
      res.writeHead(308, { location: '/admin/' }).end();
      return true;
    }
    if (!distFolder || !existsSync(join(distFolder, 'index.html'))) {
      throw new AppError('UNAVAILABLE', 'the console is not built; run: pnpm --filter @tbo/admin build');
    }
    let relative: string;
    try {
      relative = normalize(decodeURIComponent(path.slice('/admin/'.length)));
    } catch {
      throw new AppError('BAD_REQUEST', 'the path is not valid percent-encoding');
    }
    if (relative.includes('\0')) throw new AppError('BAD_REQUEST', 'the path contains a NUL byte');
    const file = resolve(distFolder, relative);
    const inside = file.startsWith(distFolder + sep);
    if (inside && relative !== '' && existsSync(file) && statSync(file).isFile()) {
      const hashed = relative.startsWith(`assets${sep}`);
      sendFile(req, res, file, hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      return true;
    }
    if (extname(relative) !== '' && relative.startsWith(`assets${sep}`)) {
      throw new AppError('NOT_FOUND', `no console file ${path.slice(0, 200)}`);
    }
    sendFile(req, res, join(distFolder, 'index.html'), 'no-cache');
    return true;
  };
}
