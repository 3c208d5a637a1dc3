import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../src/http/rest/openapi/document.js';
import { REST_ROUTES } from '../src/http/rest/route-table.js';

const METHODS = ['get', 'post', 'patch', 'delete'] as const;

function tableRoutes(): string[] {
  return REST_ROUTES.map((route) => `${route.method} ${route.pattern} ${route.operationId}`).sort();
}

describe('the REST route table is the one list of client endpoints', () => {
  it('the OpenAPI document describes exactly its routes, under the same operation ids', () => {
    const paths = buildOpenApiDocument().paths as Record<string, Record<string, { operationId?: string }>>;
    const documented = Object.entries(paths)
      .flatMap(([path, item]) =>
        METHODS.filter((method) => item[method] !== undefined).map(
          (method) => `${method.toUpperCase()} ${path} ${item[method]?.operationId}`,
        ),
      )
      .sort();
    expect(documented).toEqual(tableRoutes());
  });

  it("docs/api.md's endpoint table lists exactly its paths and methods", () => {
    const docs = readFileSync(join(import.meta.dirname, '../../../docs/api.md'), 'utf8');
    const section = docs.slice(
      docs.indexOf('## Endpoints'),
      docs.indexOf('\n## ', docs.indexOf('## Endpoints') + 1),
    );
    const listed = [...section.matchAll(/^\| (GET|POST|PATCH|DELETE) \| `([^`]+)` \|/gm)]
      .map(([, method, path]) => `${method} ${path}`)
      .sort();
    expect(listed).toEqual(REST_ROUTES.map((route) => `${route.method} ${route.pattern}`).sort());
  });
});
