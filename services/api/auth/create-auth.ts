import type { RequestHandler, Response } from 'express';
import type { AuditFn } from '../audit.ts';
import { principalOf, type Auth } from '../deps.ts';
import { forbidden, unauthorized } from '../http/api-error.ts';
import { roleAtLeast, type Role } from './principal.ts';

// Route guards over res.locals.principal (set by authenticate). No principal → 401; a principal that is not
// allowed → 403, audited. Collector tokens pass only requireCollectorOrRole, for their own collector.

export function createAuth(audit: AuditFn): Auth {
  const refuse = async (res: Response, method: string, path: string, reason: string) => {
    await audit(res, {
      action: 'auth.forbidden',
      target: `${method} ${path}`.slice(0, 300),
      outcome: 'failure',
      details: { reason },
    });
    return forbidden(reason);
  };

  const requireRole =
    (role: Role): RequestHandler =>
    (req, res, next) => {
      const p = principalOf(res);
      if (!p) return next(unauthorized());
      if (p.kind === 'collector')
        return void refuse(
          res,
          req.method,
          `${req.baseUrl}${req.path}`,
          'collector tokens may not call this route',
        ).then(next, next);
      if (!roleAtLeast(p.role, role))
        return void refuse(
          res,
          req.method,
          `${req.baseUrl}${req.path}`,
          `this route needs the ${role} role`,
        ).then(next, next);
      next();
    };

  const requireCollectorOrRole =
    (param: string, role: Role): RequestHandler =>
    (req, res, next) => {
      const p = principalOf(res);
      if (p?.kind !== 'collector') return requireRole(role)(req, res, next);
      if (req.params[param] === p.collectorId) return next();
      void refuse(
        res,
        req.method,
        `${req.baseUrl}${req.path}`,
        'a collector token opens only its own collector',
      ).then(next, next);
    };

  return { requireRole, requireCollectorOrRole };
}
