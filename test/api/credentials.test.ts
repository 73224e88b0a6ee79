import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  hashToken,
  newApiToken,
  newCollectorToken,
  opaqueKind,
} from '../../services/api/auth/opaque-token.ts';
import { hashPassword, SCRYPT_PARAMS, verifyPassword } from '../../services/api/auth/password.ts';
import { keyForToken, signAccessToken } from '../../services/api/auth/jwt.ts';

// Password hashes, opaque tokens and access-token signing, without a database.

test('password hashes: salted, parameters inside, verified in constant time', async () => {
  const a = await hashPassword('correct horse battery');
  const b = await hashPassword('correct horse battery');
  assert.notEqual(a, b, 'per-user salt');
  assert.match(
    a,
    new RegExp(`^scrypt\\$${SCRYPT_PARAMS.N}\\$8\\$3\\$[A-Za-z0-9_-]{22}\\$[A-Za-z0-9_-]{43}$`),
  );
  assert.equal(await verifyPassword('correct horse battery', a), true);
  assert.equal(await verifyPassword('correct horse batterx', a), false);
  assert.equal(await verifyPassword('', a), false);
});

test('a hash with other parameters still verifies; malformed or hostile hashes never do', async () => {
  const { scryptSync } = await import('node:crypto');
  const salt = Buffer.from('0123456789abcdef');
  const key = scryptSync('pw-of-old', salt, 32, { N: 1024, r: 8, p: 1 });
  const old = `scrypt$1024$8$1$${salt.toString('base64url')}$${key.toString('base64url')}`;
  assert.equal(await verifyPassword('pw-of-old', old), true);
  for (const bad of [
    '',
    'plain',
    'scrypt$1024$8$1$x',
    `scrypt$${2 ** 30}$8$1$AAAA$${key.toString('base64url')}`,
    'bcrypt$x$y$z$a$b',
  ])
    assert.equal(await verifyPassword('pw-of-old', bad), false, bad);
});

test('opaque tokens: prefixes, 32 random bytes, stored as sha256', () => {
  const api = newApiToken();
  const col = newCollectorToken();
  assert.match(api.token, /^pga_[A-Za-z0-9_-]{43}$/);
  assert.match(col.token, /^pgac_[A-Za-z0-9_-]{43}$/);
  assert.equal(opaqueKind(api.token), 'api');
  assert.equal(opaqueKind(col.token), 'collector');
  assert.equal(opaqueKind('pga_short'), undefined);
  assert.equal(opaqueKind('eyJhbGciOi.x.y'), undefined);
  assert.deepEqual(api.hash, hashToken(api.token));
  assert.equal(api.hash.length, 32);
  assert.notEqual(newApiToken().token, api.token);
});

test('access tokens are signed by the first key with its kid; any listed key is found by kid', () => {
  const keys = [
    { kid: 'new', secret: 'n'.repeat(40) },
    { kid: 'old', secret: 'o'.repeat(40) },
  ];
  const token = signAccessToken(keys, { userId: 'u', email: 'e@x', role: 'viewer' }, 60);
  const header = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString());
  assert.deepEqual(header, { alg: 'HS256', typ: 'JWT', kid: 'new' });
  const found = keyForToken(keys, token);
  assert.ok('secret' in found);
  assert.equal(found.secret.export().toString('utf8'), keys[0]!.secret);
  assert.deepEqual(keyForToken([keys[1]!], token), { error: 'token signed with an unknown key' });
  assert.ok('error' in keyForToken(keys, 'not-a-jwt'));
});
