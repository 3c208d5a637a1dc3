import { escapeHtml } from '../html.js';
import type { Json, JsonObject } from './json-schema.js';

const isObject = (value: Json | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function resolve(doc: JsonObject, value: Json | undefined): JsonObject {
  if (!isObject(value)) return {};
  const target = value.$ref;
  if (typeof target !== 'string') return value;
  let node: Json | undefined = doc;
  for (const part of target.replace(/^#\//, '').split('/')) node = isObject(node) ? node[part] : undefined;
  return isObject(node) ? node : {};
}

function typeText(schema: JsonObject): string {
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  const type = Array.isArray(schema.type) ? schema.type.join(' | ') : String(schema.type ?? 'any');
  return typeof schema.format === 'string' ? `${type} (${schema.format})` : type;
}

function rules(schema: JsonObject): string {
  const out: string[] = [];
  for (const key of [
    'pattern',
    'minLength',
    'maxLength',
    'minimum',
    'maximum',
    'maxItems',
    'default',
  ] as const) {
    if (schema[key] !== undefined)
      out.push(`${key} ${typeof schema[key] === 'string' ? schema[key] : JSON.stringify(schema[key])}`);
  }
  return out.join('; ');
}

/** One table row per field, nested objects and arrays flattened as `a.b` / `a[].b`. */
function fieldRows(schema: JsonObject, prefix: string, depth = 0): string[] {
  const properties = schema.properties;
  if (!isObject(properties) || depth > 6) return [];
  const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
  const rows: string[] = [];
  for (const [name, raw] of Object.entries(properties)) {
    if (!isObject(raw)) continue;
    const path = `${prefix}${name}`;
    const item = raw.type === 'array' && isObject(raw.items) ? raw.items : undefined;
    const shown = item && item.type !== 'object' ? { ...raw, type: `array of ${typeText(item)}` } : raw;
    rows.push(
      `<tr><td><code>${escapeHtml(path)}</code>${required.has(name) ? ' <span class="req">required</span>' : ''}</td><td>${escapeHtml(typeText(shown))}</td><td>${escapeHtml(rules(item && item.type !== 'object' ? item : raw))}</td></tr>`,
    );
    if (raw.type === 'object') rows.push(...fieldRows(raw, `${path}.`, depth + 1));
    if (item?.type === 'object') rows.push(...fieldRows(item, `${path}[].`, depth + 1));
  }
  return rows;
}

function fieldTable(schema: JsonObject): string {
  const rows = fieldRows(schema, '');
  if (rows.length === 0) return '';
  return `<table><tr><th>Field</th><th>Type</th><th>Rules</th></tr>${rows.join('')}</table>`;
}

function parameterTable(doc: JsonObject, parameters: Json | undefined): string {
  if (!Array.isArray(parameters) || parameters.length === 0) return '';
  const rows = parameters.map((p) => {
    const param = resolve(doc, p);
    const schema = isObject(param.schema) ? param.schema : {};
    return `<tr><td><code>${escapeHtml(String(param.name))}</code>${param.required ? ' <span class="req">required</span>' : ''}</td><td>${escapeHtml(String(param.in))}</td><td>${escapeHtml(typeText(schema))}</td><td>${escapeHtml(String(param.description ?? rules(schema)))}</td></tr>`;
  });
  return `<h4>Parameters</h4><table><tr><th>Name</th><th>In</th><th>Type</th><th>Description</th></tr>${rows.join('')}</table>`;
}

/** The first example of a media type object, as a JSON block. */
function firstExample(media: Json | undefined): string {
  if (!isObject(media) || !isObject(media.examples)) return '';
  const first = Object.values(media.examples)[0];
  if (!isObject(first) || first.value === undefined) return '';
  return `<pre>${escapeHtml(JSON.stringify(first.value, null, 2))}</pre>`;
}

function operationHtml(doc: JsonObject, path: string, method: string, op: JsonObject): string {
  const body = resolve(doc, op.requestBody);
  const content = isObject(body.content) ? Object.entries(body.content)[0] : undefined;
  const bodyHtml = content
    ? `<h4>Request body <code>${escapeHtml(content[0])}</code></h4>${fieldTable(resolve(doc, isObject(content[1]) ? content[1].schema : undefined))}${firstExample(content[1])}`
    : '';
  const responses = isObject(op.responses) ? Object.entries(op.responses) : [];
  const ok = responses.find(([status]) => status.startsWith('2'));
  const okSchema = ok ? resolve(doc, resolve(doc, ok[1]).content) : {};
  const okJson = isObject(okSchema['application/json'])
    ? resolve(doc, okSchema['application/json'].schema)
    : {};
  const statusList = responses
    .map(
      ([status, r]) =>
        `<li><code>${status}</code> ${escapeHtml(String(resolve(doc, r).description ?? ''))}</li>`,
    )
    .join('');
  const security =
    Array.isArray(op.security) && isObject(op.security[0]) ? JSON.stringify(op.security[0].oauth) : '';
  return `<h3 id="${escapeHtml(String(op.operationId))}"><span class="m ${method.toUpperCase()}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code> – ${escapeHtml(String(op.summary ?? ''))}</h3>
${op.description ? `<p>${escapeHtml(String(op.description))}</p>` : ''}${security ? `<p class="muted">Scope: <code>${escapeHtml(security)}</code></p>` : ''}
${parameterTable(doc, op.parameters)}${bodyHtml}<h4>Response ${ok?.[0] ?? '200'}</h4>${fieldTable(okJson)}${firstExample(okSchema['application/json'])}<ul>${statusList}</ul>`;
}

/** The reference as plain HTML from the OpenAPI document: what /docs shows without scripts. */
export function staticReference(doc: JsonObject): string {
  const info = isObject(doc.info) ? doc.info : {};
  const paths = isObject(doc.paths) ? Object.entries(doc.paths) : [];
  const sections: string[] = [];
  const toc: string[] = [];
  for (const [path, item] of paths) {
    if (!isObject(item)) continue;
    for (const [method, op] of Object.entries(item)) {
      if (!isObject(op)) continue;
      toc.push(
        `<li><a href="#${escapeHtml(String(op.operationId))}">${method.toUpperCase()} ${escapeHtml(path)}</a></li>`,
      );
      sections.push(operationHtml(doc, path, method, op));
    }
  }
  return `<h1>${escapeHtml(String(info.title))}</h1><p>${escapeHtml(String(info.description ?? ''))}</p>
<p>Errors are <code>application/problem+json</code>; see <a href="/problems">problem types</a>. Machine-readable: <a href="/openapi.json">openapi.json</a> (OpenAPI 3.1).</p>
<h2>Endpoints</h2><ul>${toc.join('')}</ul>${sections.join('\n')}`;
}
