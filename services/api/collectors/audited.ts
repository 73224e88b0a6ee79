import type { Response } from 'express';
import type { AuditEntry } from '../deps.ts';
import { ApiError } from '../http/api-error.ts';

// A write whose refusal is audited too (who tried to change which collector, and why it was refused):
// the success entry is the caller's to write, with the details only it knows.
export async function audited<T>(
  audit: (res: Response, entry: AuditEntry) => Promise<void>,
  res: Response,
  what: { action: string; target: string },
  write: () => Promise<T>,
): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (err instanceof ApiError)
      await audit(res, { ...what, outcome: 'failure', details: { status: err.status, reason: err.message } });
    throw err;
  }
}
