/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

export const PAGE_STYLE = `
body{font:15px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1d2733;background:#fafbfc}
main{max-width:980px;margin:0 auto;padding:24px 32px 64px}
h1{font-size:26px;margin:8px 0 4px}h2{font-size:20px;margin-top:36px;border-bottom:1px solid #dde3ea;padding-bottom:4px}
h3{font-size:16px;margin:24px 0 6px}code,pre{font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,monospace}
pre{background:#f0f3f6;padding:10px 12px;overflow:auto;border-radius:6px}
table{border-collapse:collapse;width:100%;margin:6px 0 12px;font-size:14px}
th,td{text-align:left;vertical-align:top;border-bottom:1px solid #e4e8ee;padding:5px 8px}
th{background:#f0f3f6;font-weight:600}.m{display:inline-block;min-width:52px;font-weight:700;color:#fff;border-radius:4px;padding:1px 6px;text-align:center;font-size:13px}
.GET{background:#2f7d4a}.POST{background:#1f5fa8}.req{color:#b3261e;font-size:12px}.muted{color:#5b6775}
nav a{margin-right:14px}a{color:#1f5fa8}
`;

/** A complete, self-contained HTML page (inline CSS, no scripts, no external resources). */
export function htmlPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${PAGE_STYLE}</style></head>
<body><main><nav><a href="/docs">API reference</a><a href="/problems">Problem types</a><a href="/openapi.json">openapi.json</a></nav>
${body}</main></body></html>`;
}
