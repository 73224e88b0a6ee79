import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffDelay } from '../../../services/lib/retry/backoff.ts';
import { classifyDbError } from '../../../services/lib/retry/classify-db-error.ts';

test('transient: connection refused, admin shutdown, cannot connect now, dropped socket', () => {
  assert.equal(classifyDbError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' })), 'transient');
  assert.equal(
    classifyDbError({ code: '57P01', message: 'terminating connection due to administrator command' }),
    'transient',
  );
  assert.equal(classifyDbError({ code: '57P03' }), 'transient');
  assert.equal(classifyDbError({ code: '08006' }), 'transient');
  assert.equal(classifyDbError(new Error('Connection terminated unexpectedly')), 'transient');
});

test('data: constraint violations and bad values', () => {
  assert.equal(classifyDbError({ code: '23514' }), 'data');
  assert.equal(classifyDbError({ code: '22003' }), 'data');
});

test('fatal: missing table, syntax error, unknown errors', () => {
  assert.equal(classifyDbError({ code: '42P01' }), 'fatal');
  assert.equal(classifyDbError(new Error('boom')), 'fatal');
  assert.equal(classifyDbError(undefined), 'fatal');
});

test('backoff is capped and jittered', () => {
  assert.equal(
    backoffDelay(0, { baseMs: 100, capMs: 1000 }, () => 1),
    100,
  );
  assert.equal(
    backoffDelay(10, { baseMs: 100, capMs: 1000 }, () => 1),
    1000,
  );
  assert.equal(
    backoffDelay(10, { baseMs: 100, capMs: 1000 }, () => 0),
    0,
  );
});
