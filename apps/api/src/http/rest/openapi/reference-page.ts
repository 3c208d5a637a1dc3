// GET /docs: the OpenAPI renderer (Swagger UI, served from the api's own
// files) over /openapi.json, with the server-rendered reference inside
// <noscript> for clients without scripts.
import { escapeHtml, PAGE_STYLE } from '../html.js';
import { staticReference } from './docs-page.js';
import type { JsonObject } from './json-schema.js';

export const REFERENCE_INIT_PATH = '/docs/init.js';
export const referenceAssetPath = (version: string, name: string) => `/docs/assets/${version}/${name}`;

/** Only the api's own origin: nothing is loaded from or sent to anywhere else. */
export const REFERENCE_PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * Swagger UI's configuration. No validator (it would post the document to a
 * public service), no "try it out" (every request must be signed, which a
 * browser page cannot do with the client's key), tags as the navigation and
 * the filter box to search them, deep links to each operation.
 */
export const REFERENCE_INIT_SCRIPT = `'use strict';
window.addEventListener('DOMContentLoaded', function () {
  window.ui = SwaggerUIBundle({
    url: '/openapi.json',
    dom_id: '#reference',
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
    deepLinking: true,
    filter: true,
    validatorUrl: null,
    supportedSubmitMethods: [],
    docExpansion: 'list',
    defaultModelsExpandDepth: 0,
    defaultModelExpandDepth: 2,
    displayOperationId: false,
    showCommonExtensions: false
  });
});
`;

const PAGE_CSS = `body{margin:0;background:#fafafa}
header.tbo{font:14px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:1460px;margin:0 auto;padding:12px 20px 0}
header.tbo a{margin-right:16px;color:#1f5fa8}`;

export function renderReferencePage(doc: JsonObject, uiVersion: string): string {
  const info = (doc.info ?? {}) as JsonObject;
  const title = `${String(info.title)} – reference`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><link rel="icon" href="data:,">
<link rel="stylesheet" href="${referenceAssetPath(uiVersion, 'swagger-ui.css')}">
<style>${PAGE_CSS}</style>
<noscript><style>${PAGE_STYLE}</style></noscript>
</head>
<body>
<header class="tbo"><a href="/docs">API reference</a><a href="/problems">Problem types</a><a href="/openapi.json">openapi.json</a></header>
<div id="reference"></div>
<noscript><main>${staticReference(doc)}</main></noscript>
<script src="${referenceAssetPath(uiVersion, 'swagger-ui-bundle.js')}"></script>
<script src="${REFERENCE_INIT_PATH}"></script>
</body></html>`;
}
