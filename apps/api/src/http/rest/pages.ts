import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '../../domain/errors.js';
import { sendJsonText } from '../respond.js';
import { buildOpenApiDocument } from './openapi/document.js';
import { referenceAssets } from './openapi/reference-assets.js';
import {
  REFERENCE_INIT_PATH,
  REFERENCE_INIT_SCRIPT,
  REFERENCE_PAGE_CSP,
  referenceAssetPath,
  renderReferencePage,
} from './openapi/reference-page.js';
import { problemCodeOfSlug, problemIndexPage, problemPage } from './problem-pages.js';

let cached: { json: string; html: string } | undefined;

function documents(): { json: string; html: string } {
  if (cached === undefined) {
    const doc = buildOpenApiDocument();
    cached = { json: JSON.stringify(doc), html: renderReferencePage(doc, referenceAssets().version) };
  }
  return cached;
}

function sendHtml(
  res: ServerResponse,
  html: string,
  csp = "default-src 'none'; style-src 'unsafe-inline'",
): void {
  res.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    'content-security-policy': csp,
  });
  res.end(html);
}

function sendAsset(res: ServerResponse, contentType: string, body: Buffer | string, cache: string): void {
  res.writeHead(200, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    'cache-control': cache,
    'x-content-type-options': 'nosniff',
  });
  res.end(body);
}

/** The renderer's files under a versioned path, so they are cached for good. */
function referenceAsset(path: string): ((res: ServerResponse) => void) | undefined {
  const { version, files } = referenceAssets();
  for (const [name, asset] of files) {
    if (path === referenceAssetPath(version, name))
      return (res) => sendAsset(res, asset.contentType, asset.body, 'public, max-age=31536000, immutable');
  }
  return undefined;
}

function pageFor(path: string): ((res: ServerResponse) => void) | undefined {
  if (path === '/openapi.json') return (res) => sendJsonText(res, 200, documents().json);
  if (path === '/docs') return (res) => sendHtml(res, documents().html, REFERENCE_PAGE_CSP);
  if (path === REFERENCE_INIT_PATH)
    return (res) => sendAsset(res, 'text/javascript; charset=utf-8', REFERENCE_INIT_SCRIPT, 'no-cache');
  if (path.startsWith('/docs/assets/')) {
    const asset = referenceAsset(path);
    if (asset === undefined) throw new AppError('NOT_FOUND', 'no such file of the API reference');
    return asset;
  }
  if (path === '/problems') return (res) => sendHtml(res, problemIndexPage());
  if (path.startsWith('/problems/')) {
    const code = problemCodeOfSlug(path.slice('/problems/'.length));
    if (code === undefined) throw new AppError('NOT_FOUND', 'no such problem type');
    return (res) => sendHtml(res, problemPage(code));
  }
  return undefined;
}

/** GET /openapi.json, /docs (and its files), /problems and /problems/<type>; false for any other path. */
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
