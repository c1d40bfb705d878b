// The published OpenAPI document is valid OpenAPI 3.1 and describes every API route.
import { compileErrors, validate } from '@readme/openapi-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, startTestApp, type TestApp } from '../../test/support/app.ts';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

interface Operation {
  summary?: string;
  tags?: string[];
}

/** "METHOD /path" for each route in Fastify's printRoutes tree (children continue their parent's path). */
function registeredRoutes(tree: string): string[] {
  const prefixes: string[] = [];
  return tree.split('\n').flatMap((line) => {
    const match = /^([│ ]*)[├└]── (\S+) \(([^)]+)\)$/.exec(line.trimEnd());
    if (!match) return [];
    const depth = (match[1] ?? '').length / 4;
    const route = (prefixes[depth - 1] ?? '') + match[2];
    prefixes[depth] = route;
    prefixes.length = depth + 1;
    return (match[3] ?? '').split(', ').map((method) => `${method} ${route}`);
  });
}

describe('OpenAPI document', () => {
  let t: TestApp;
  let doc: { openapi: string; paths: Record<string, Partial<Record<(typeof METHODS)[number], Operation>>>; components?: { schemas?: Record<string, unknown> } };

  beforeAll(async () => {
    t = await startTestApp();
    const response = await anonymous(t.app).get('/api/v1/openapi.json');
    expect(response.statusCode).toBe(200);
    doc = response.json();
  });
  afterAll(() => t?.close());

  it('validates as OpenAPI 3.1', async () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
    // validate() dereferences in place: give it a copy so the other tests see the document as served.
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
    expect(result.specification).toBe('OpenAPI');
  });

  it('gives every /api/v1 operation a summary and tags', () => {
    const operations = Object.entries(doc.paths)
      .filter(([route]) => route.startsWith('/api/v1/'))
      .flatMap(([route, item]) => METHODS.filter((m) => item[m]).map((m) => ({ id: `${m.toUpperCase()} ${route}`, op: item[m] as Operation })));
    expect(operations.length).toBeGreaterThan(20);
    const lacking = operations.filter(({ op }) => !op.summary?.trim() || !op.tags || op.tags.length === 0).map(({ id }) => id);
    expect(lacking).toEqual([]);
  });

  it('documents every registered /api/v1 route, and nothing else', () => {
    const documented = Object.entries(doc.paths)
      .flatMap(([route, item]) => METHODS.filter((m) => item[m]).map((m) => `${m.toUpperCase()} ${route.replace(/\{(\w+)\}/g, ':$1')}`))
      .filter((key) => key.includes(' /api/v1/'))
      .sort();
    const registered = registeredRoutes(t.app.printRoutes({ commonPrefix: false }))
      .filter((key) => key.includes(' /api/v1/') && !key.startsWith('HEAD ') && key !== 'GET /api/v1/openapi.json')
      .sort();
    expect(registered.length).toBeGreaterThan(20);
    expect(documented).toEqual(registered);
  });

  it('declares the Problem schema', () => {
    expect(doc.components?.schemas).toHaveProperty('Problem');
  });

  it('serves the interactive documentation as HTML', async () => {
    const response = await anonymous(t.app).get('/api/docs');
    const page = response.statusCode === 302 ? await anonymous(t.app).get(String(response.headers.location)) : response;
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toMatch(/swagger/i);
  });
});
