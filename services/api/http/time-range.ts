import { z } from '../openapi.ts';
import { RESOLUTIONS, type TimeRange } from '../sql/reads/resolution.ts';
import { ApiError } from './api-error.ts';

// The `from` / `to` (and `resolution`) query parameters of the time-range reads. Times are ISO 8601 with
// an offset or Z; the range is [from, to). Without them the range is the last 24 hours; with one of them,
// the other is derived (to = now, or from = to − 24 h). The span is at most `maxSpanMs`.

const HOUR_MS = 3_600_000;
export const DEFAULT_SPAN_MS = 24 * HOUR_MS;
export const MAX_SPAN_MS = 400 * 24 * HOUR_MS;

const instant = (what: string) =>
  z.iso
    .datetime({
      offset: true,
      message: 'expected an ISO 8601 time with a time zone, e.g. 2025-03-01T00:00:00Z',
    })
    .openapi({ description: what, example: '2025-03-01T00:00:00Z' });

export function rangeQuery() {
  return {
    from: instant('Start of the range, inclusive (default: `to` − 24 h)').optional(),
    to: instant('End of the range, exclusive (default: now)').optional(),
  };
}

export function resolutionQuery() {
  return {
    resolution: z.enum(RESOLUTIONS).optional().openapi({
      description:
        'raw samples, 1-hour or 1-day rollups. Default: raw up to 6 h, 1h up to 14 days, else 1d (coarser when the range starts before the finer data’s retention)',
    }),
  };
}

function invalid(path: string, message: string): ApiError {
  return new ApiError(400, 'VALIDATION_FAILED', `invalid request: query.${path}: ${message}`, [
    { in: 'query', path, message },
  ]);
}

/** [from, to) from validated query strings; throws a 400 for an empty, inverted or too long range. */
export function resolveRange(
  q: { from?: string | undefined; to?: string | undefined },
  opts: { defaultSpanMs?: number; maxSpanMs?: number; now?: Date } = {},
): TimeRange {
  const span = opts.defaultSpanMs ?? DEFAULT_SPAN_MS;
  const max = opts.maxSpanMs ?? MAX_SPAN_MS;
  const now = opts.now ?? new Date();
  const to = q.to !== undefined ? new Date(q.to) : now;
  const from = q.from !== undefined ? new Date(q.from) : new Date(to.getTime() - span);
  if (Number.isNaN(from.getTime())) throw invalid('from', 'not a valid time');
  if (Number.isNaN(to.getTime())) throw invalid('to', 'not a valid time');
  if (to.getTime() <= from.getTime()) {
    throw invalid(q.to !== undefined ? 'to' : 'from', 'to must be after from');
  }
  if (to.getTime() - from.getTime() > max) {
    throw invalid('from', `the range is longer than ${Math.round(max / (24 * HOUR_MS))} days`);
  }
  return { from, to };
}
