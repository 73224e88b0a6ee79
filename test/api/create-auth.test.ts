import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NextFunction, Request, Response } from 'express';
import { createAuth } from '../../services/api/auth/create-auth.ts';
import type { Principal } from '../../services/api/auth/principal.ts';
import type { AuditEntry } from '../../services/api/deps.ts';
import { ApiError } from '../../services/api/http/api-error.ts';

// The route guards, without a server: every role against every requirement, and collector scoping.

function run(
  guard: (req: Request, res: Response, next: NextFunction) => void,
  principal: Principal | undefined,
  params: Record<string, string> = {},
): Promise<{ status: number | 'ok' }> {
  return new Promise((resolve) => {
    const res = { locals: { principal } } as unknown as Response;
    const req = { params, method: 'GET', baseUrl: '/api/v1', path: '/x' } as unknown as Request;
    guard(req, res, (err?: unknown) =>
      resolve({ status: err instanceof ApiError ? err.status : err ? -1 : 'ok' }),
    );
  });
}

const audits: AuditEntry[] = [];
const auth = createAuth(async (_res, entry) => void audits.push(entry));
const user = (role: 'viewer' | 'operator' | 'admin'): Principal => ({
  kind: 'user',
  userId: 'u',
  email: 'e',
  role,
});
const collector = (id: string): Principal => ({ kind: 'collector', collectorId: id });

test('requireRole: none → 401, lower role → 403, equal or higher → ok', async () => {
  const expect = {
    viewer: { viewer: 'ok', operator: 'ok', admin: 'ok' },
    operator: { viewer: 403, operator: 'ok', admin: 'ok' },
    admin: { viewer: 403, operator: 403, admin: 'ok' },
  } as const;
  for (const need of ['viewer', 'operator', 'admin'] as const) {
    assert.equal((await run(auth.requireRole(need), undefined)).status, 401);
    for (const have of ['viewer', 'operator', 'admin'] as const) {
      assert.equal(
        (await run(auth.requireRole(need), user(have))).status,
        expect[need][have],
        `${have} on ${need}`,
      );
    }
    const token: Principal = { kind: 'apitoken', tokenId: 't', userId: null, role: 'operator' };
    assert.equal((await run(auth.requireRole(need), token)).status, expect[need].operator);
  }
});

test('requireRole refuses collector tokens, and the refusal is audited', async () => {
  audits.length = 0;
  assert.equal((await run(auth.requireRole('viewer'), collector('c1'))).status, 403);
  assert.equal(audits.length, 1);
  assert.equal(audits[0]?.action, 'auth.forbidden');
  assert.equal(audits[0]?.outcome, 'failure');
});

test('requireCollectorOrRole: a collector only for its own id; users by role', async () => {
  const guard = auth.requireCollectorOrRole('collector_id', 'operator');
  assert.equal((await run(guard, collector('c1'), { collector_id: 'c1' })).status, 'ok');
  assert.equal((await run(guard, collector('c1'), { collector_id: 'c2' })).status, 403);
  assert.equal((await run(guard, collector('c1'), {})).status, 403);
  assert.equal((await run(guard, user('viewer'), { collector_id: 'c1' })).status, 403);
  assert.equal((await run(guard, user('operator'), { collector_id: 'c1' })).status, 'ok');
  assert.equal((await run(guard, undefined, { collector_id: 'c1' })).status, 401);
});
