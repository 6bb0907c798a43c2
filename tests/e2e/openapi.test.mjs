// The OpenAPI document is valid OpenAPI 3.1, every schema in it is valid JSON Schema 2020-12,
// and every route the binary knows (`syntera routes --json`) is documented with its method.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Validator } from '@seriousme/openapi-schema-validator';
import Ajv2020 from 'ajv/dist/2020.js';
import { startServer, runCommand } from './lib/server.mjs';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

// Every Schema Object in the document, with a JSON pointer-ish location.
function* schemasOf(doc) {
  for (const [name, schema] of Object.entries(doc.components?.schemas ?? {})) {
    yield [`#/components/schemas/${name}`, schema];
  }
  for (const [p, item] of Object.entries(doc.paths ?? {})) {
    for (const m of METHODS) {
      const op = item?.[m];
      if (!op) continue;
      for (const param of op.parameters ?? []) {
        if (param.schema) yield [`${m.toUpperCase()} ${p} parameter ${param.name}`, param.schema];
      }
      for (const [type, media] of Object.entries(op.requestBody?.content ?? {})) {
        if (media.schema) yield [`${m.toUpperCase()} ${p} request ${type}`, media.schema];
      }
      for (const [status, res] of Object.entries(op.responses ?? {})) {
        for (const [type, media] of Object.entries(res?.content ?? {})) {
          if (media.schema) yield [`${m.toUpperCase()} ${p} ${status} ${type}`, media.schema];
        }
      }
    }
  }
}

describe('OpenAPI', () => {
  let server;
  let doc;
  before(async () => {
    server = await startServer({ name: 'openapi' });
    const res = await fetch(`${server.url}/api/openapi.json`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /json/);
    doc = await res.json();
  });
  after(async () => {
    await server?.dispose();
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    assert.match(String(doc.openapi), /^3\.1\.\d+$/);
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc));
    assert.ok(result.valid, `OpenAPI validation errors:\n${JSON.stringify(result.errors, null, 2)}`);
    assert.equal(validator.version, '3.1');
  });

  it('has schemas that are valid JSON Schema 2020-12', () => {
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    const bad = [];
    let count = 0;
    for (const [where, schema] of schemasOf(doc)) {
      count++;
      if (!ajv.validateSchema(schema)) bad.push(`${where}: ${ajv.errorsText(ajv.errors)}`);
    }
    assert.ok(count > 0, 'the document has schemas');
    assert.deepEqual(bad, []);
  });

  it('resolves every local $ref', () => {
    const missing = [];
    const visit = (node) => {
      if (Array.isArray(node)) return node.forEach(visit);
      if (node && typeof node === 'object') {
        if (typeof node.$ref === 'string' && node.$ref.startsWith('#/')) {
          let target = doc;
          for (const part of node.$ref.slice(2).split('/')) {
            target = target?.[part.replaceAll('~1', '/').replaceAll('~0', '~')];
          }
          if (target === undefined) missing.push(node.$ref);
        }
        Object.values(node).forEach(visit);
      }
    };
    visit(doc);
    assert.deepEqual(missing, []);
  });

  it('documents every route of `syntera routes --json`', async () => {
    const printed = JSON.parse(await runCommand(['routes', '--json']));
    const routes = Array.isArray(printed) ? printed : printed?.routes;
    assert.ok(Array.isArray(routes) && routes.length > 0, 'routes --json gives a non-empty array');
    const missing = [];
    for (const r of routes) {
      assert.equal(typeof r.method, 'string');
      assert.equal(typeof r.path, 'string');
      const op = doc.paths?.[r.path]?.[r.method.toLowerCase()];
      if (!op) missing.push(`${r.method.toUpperCase()} ${r.path}`);
    }
    assert.deepEqual(missing, [], 'routes missing from /api/openapi.json');
    for (const path of ['/api/v1/auth/signup', '/api/v1/auth/login', '/api/v1/me']) {
      assert.ok(routes.some((r) => r.path === path), `routes --json lists ${path}`);
    }
  });

  it('every operation has responses and a unique operationId when given', () => {
    const seen = new Set();
    for (const [p, item] of Object.entries(doc.paths ?? {})) {
      for (const m of METHODS) {
        const op = item?.[m];
        if (!op) continue;
        assert.ok(op.responses && Object.keys(op.responses).length > 0, `${m} ${p} has responses`);
        if (op.operationId) {
          assert.ok(!seen.has(op.operationId), `duplicate operationId ${op.operationId}`);
          seen.add(op.operationId);
        }
      }
    }
  });

  it('serves human docs at /api/docs', async () => {
    const res = await fetch(`${server.url}/api/docs`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    const html = await res.text();
    assert.match(html, /<html/i);
  });
});
