import type { Router } from 'express';
import { hashPassword } from '../auth/password.ts';
import { ROLES } from '../auth/principal.ts';
import { principalOf, type ApiDeps } from '../deps.ts';
import { conflict, notFound } from '../http/api-error.ts';
import { decodeCursor, pageOf, pageQuery, toPage } from '../http/pagination.ts';
import { input, validate } from '../http/validate.ts';
import { errorResponses, z } from '../openapi.ts';
import { revokeUserRefreshTokens } from '../sql/tokens.ts';
import { deleteUser, insertUser, listUsers, updateUser, userById, type UserRow } from '../sql/users.ts';

// User management (admin): list, create, read, change role / disable / reset password, delete. An admin
// cannot demote, disable or delete themselves, so an installation always keeps the admin doing the change.

const User = z
  .object({
    user_id: z.uuid(),
    email: z.string(),
    role: z.enum(ROLES),
    disabled: z.boolean(),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
    disabled_at: z.iso.datetime().nullable(),
  })
  .openapi('User');

const Password = z.string().min(12, 'at least 12 characters').max(1024);
const UserParams = z.object({ user_id: z.uuid() }).strict();

const toUser = (u: UserRow) => ({
  user_id: u.user_id,
  email: u.email,
  role: u.role,
  disabled: u.disabled_at !== null,
  created_at: u.created_at.toISOString(),
  updated_at: u.updated_at.toISOString(),
  disabled_at: u.disabled_at?.toISOString() ?? null,
});

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });

export function register(router: Router, deps: ApiDeps): void {
  const { pool, audit, openapi, auth } = deps;
  const admin = auth.requireRole('admin');

  const List = { query: z.object(pageQuery(deps.config.maxPage)).strict() };
  openapi.registerPath({
    method: 'get',
    path: '/api/v1/users',
    tags: ['users'],
    summary: 'List users (admin), by e-mail',
    request: { query: List.query },
    responses: {
      200: { description: 'A page of users', ...json(pageOf(User)) },
      ...errorResponses(400, 401, 403),
    },
  });
  router.get('/users', admin, validate(List), async (_req, res) => {
    const { limit, cursor } = input(res, List).query;
    const after = cursor === undefined ? undefined : decodeCursor(cursor, z.string().max(320));
    const rows = await listUsers(pool, { limit: limit + 1, afterEmail: after });
    res.json(toPage(rows, limit, toUser, (u) => u.email));
  });

  const Create = {
    body: z
      .object({ email: z.email().max(320), password: Password, role: z.enum(ROLES) })
      .strict()
      .openapi('NewUser'),
  };
  openapi.registerPath({
    method: 'post',
    path: '/api/v1/users',
    tags: ['users'],
    summary: 'Create a user (admin)',
    request: { body: json(Create.body) },
    responses: {
      201: { description: 'Created', ...json(User) },
      ...errorResponses(400, 401, 403, 409, 413),
    },
  });
  router.post('/users', admin, validate(Create), async (_req, res) => {
    const { email, password, role } = input(res, Create).body;
    const row = await insertUser(pool, { email, passwordHash: await hashPassword(password), role });
    if (!row) {
      await audit(res, {
        action: 'user.create',
        outcome: 'failure',
        details: { email, reason: 'email taken' },
      });
      throw conflict('a user with this e-mail already exists');
    }
    await audit(res, {
      action: 'user.create',
      target: row.user_id,
      outcome: 'success',
      details: { email, role },
    });
    res.status(201).json(toUser(row));
  });

  const One = { params: UserParams, query: z.object({}).strict() };
  openapi.registerPath({
    method: 'get',
    path: '/api/v1/users/{user_id}',
    tags: ['users'],
    summary: 'One user (admin)',
    request: { params: UserParams },
    responses: { 200: { description: 'The user', ...json(User) }, ...errorResponses(400, 401, 403, 404) },
  });
  router.get('/users/:user_id', admin, validate(One), async (_req, res) => {
    const row = await userById(pool, input(res, One).params.user_id);
    if (!row) throw notFound('user');
    res.json(toUser(row));
  });

  const Update = {
    params: UserParams,
    body: z
      .object({
        role: z.enum(ROLES).optional(),
        disabled: z.boolean().optional(),
        password: Password.optional(),
      })
      .strict()
      .refine((b) => Object.keys(b).length > 0, 'expected at least one of role, disabled, password')
      .openapi('UserChange'),
  };
  openapi.registerPath({
    method: 'patch',
    path: '/api/v1/users/{user_id}',
    tags: ['users'],
    summary: 'Change a user’s role, disable or enable them, or set a new password (admin)',
    description: 'Disabling a user ends their sessions and suspends their API tokens.',
    request: { params: UserParams, body: json(Update.body) },
    responses: {
      200: { description: 'The user after the change', ...json(User) },
      ...errorResponses(400, 401, 403, 404, 409, 413),
    },
  });
  router.patch('/users/:user_id', admin, validate(Update), async (_req, res) => {
    const { params, body } = input(res, Update);
    const me = principalOf(res);
    const self = me?.kind !== 'collector' && me?.userId === params.user_id;
    if (self && ((body.role !== undefined && body.role !== 'admin') || body.disabled === true))
      throw conflict('you cannot demote or disable yourself; ask another admin');
    const row = await updateUser(pool, params.user_id, {
      role: body.role,
      disabled: body.disabled,
      passwordHash: body.password === undefined ? undefined : await hashPassword(body.password),
    });
    if (!row) throw notFound('user');
    if (body.disabled === true || body.password !== undefined)
      await revokeUserRefreshTokens(pool, row.user_id);
    const changed = { ...body, password: body.password === undefined ? undefined : 'changed' };
    await audit(res, { action: 'user.update', target: row.user_id, outcome: 'success', details: changed });
    res.json(toUser(row));
  });

  const Delete = { params: UserParams, query: z.object({}).strict() };
  openapi.registerPath({
    method: 'delete',
    path: '/api/v1/users/{user_id}',
    tags: ['users'],
    summary: 'Delete a user and their tokens (admin; not yourself)',
    request: { params: UserParams },
    responses: { 204: { description: 'Deleted' }, ...errorResponses(400, 401, 403, 404, 409) },
  });
  router.delete('/users/:user_id', admin, validate(Delete), async (_req, res) => {
    const { user_id } = input(res, Delete).params;
    const me = principalOf(res);
    if (me?.kind !== 'collector' && me?.userId === user_id) throw conflict('you cannot delete yourself');
    if (!(await deleteUser(pool, user_id))) throw notFound('user');
    await audit(res, { action: 'user.delete', target: user_id, outcome: 'success' });
    res.status(204).end();
  });
}
