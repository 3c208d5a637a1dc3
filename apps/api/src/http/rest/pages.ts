import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '../../domain/errors.js';
import { sendJsonText } from '../respond.js';
import { renderDocsPage } from './openapi/docs-page.js';
import { buildOpenApiDocument } from './openapi/document.js';
import { problemCodeOfSlug, problemIndexPage, problemPage } from './problem-pages.js';

let cached: { json: string; html: string } | undefined;

function documents(): { json: string; html: string } {
  if (cached === undefined) {
    const doc = buildOpenApiDocument();
    cached = { json: JSON.stringify(doc), html: renderDocsPage(doc) };
  }
  return cached;
}

function sendHtml(res: ServerResponse, html: string): void {
  res.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
  });
  res.end(html);
}

function pageFor(path: string): ((res: ServerResponse) => void) | undefined {
  if (path === '/openapi.json') return (res) => sendJsonText(res, 200, documents().json);
  if (path === '/docs') return (res) => sendHtml(res, documents().html);
  if (path === '/problems') return (res) => sendHtml(res, problemIndexPage());
  if (path.startsWith('/problems/')) {
    const code = problemCodeOfSlug(path.slice('/problems/'.length));
    if (code === undefined) throw new AppError('NOT_FOUND', 'no such problem type');
    return (res) => sendHtml(res, problemPage(code));
  }
  return undefined;
}

/** GET /openapi.json, /docs, /problems and /problems/<type>; false for any other path. */
export function servePage(req: IncomingMessage, res: ServerResponse, path: string): boolean {
  const page = pageFor(path);
  if (page === undefined) return false;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    throw new AppError('METHOD_NOT_ALLOWED', `${(req.method ?? '').slice(0, 20)} is not allowed on ${path}`, {
      headers: { allow: 'GET, HEAD' },
    });
  }
  req.resume();
  page(res);
  return true;
}
