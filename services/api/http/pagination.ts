import { z } from '../openapi.ts';
import { ApiError } from './api-error.ts';

// Cursor pagination. A page is `{ items, next_cursor }`; `next_cursor` is null on the last page. A cursor is
// opaque to clients: base64url of the JSON sort key of the last item returned. Decoding checks it against a
// zod schema before any of it reaches SQL, so a forged or truncated cursor is a 400, never a database error.
//
// Listings with a compound or multi-type sort key use `keysetCursor(tag, kinds)`: the key travels as
// `{ t: tag, k: [values as strings] }`, where `tag` names the ordering (a cursor of one listing or sort
// order is refused by another) and every value is checked against the kind of its key.

export const invalidCursor = (why: string) =>
  new ApiError(400, 'INVALID_CURSOR', `invalid cursor: ${why}; start again without a cursor`);

export function encodeCursor(key: unknown): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** The sort key carried by `cursor`, validated by `schema`. */
export function decodeCursor<S extends z.ZodType>(cursor: string, schema: S): z.infer<S> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor('not a cursor of this listing');
  }
  const r = schema.safeParse(parsed);
  if (!r.success) throw invalidCursor('not a cursor of this listing or sort order');
  return r.data;
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

/**
 * A page from up to `limit + 1` rows fetched in order: the extra row only says that there is more.
 * `keyOf` gives the sort key of a row, which the next page's cursor carries.
 */
export function toPage<R, T>(
  rows: readonly R[],
  limit: number,
  map: (row: R) => T,
  keyOf: (row: R) => unknown,
): Page<T> {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  const last = kept[kept.length - 1];
  return {
    items: kept.map(map),
    next_cursor: more && last !== undefined ? encodeCursor(keyOf(last)) : null,
  };
}

/** The `limit` and `cursor` query parameters (limit defaults to 100, at most `maxPage`). */
export function pageQuery(maxPage: number) {
  const def = Math.min(100, maxPage);
  return {
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(maxPage)
      .default(def)
      .openapi({ description: `Items per page, 1–${maxPage} (default ${def})` }),
    cursor: z
      .string()
      .min(1)
      .max(4096)
      .regex(/^[A-Za-z0-9_-]+$/, 'expected the next_cursor of a previous page')
      .optional()
      .openapi({ description: 'The `next_cursor` of the previous page' }),
  };
}

/** The response schema of a page of `item`. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    next_cursor: z.string().nullable().openapi({ description: 'Cursor of the next page; null on the last' }),
  });
}

// ---- compound keys ---------------------------------------------------------------------------------------

/** How one value of a compound sort key is written in a cursor (always a string) and bound in SQL. */
export type KeyKind = 'timestamp' | 'text' | 'int' | 'numeric';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

const KEY_VALUE: Record<KeyKind, z.ZodType<string>> = {
  // UTC with up to microseconds, as the reads write it (to_char … 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"').
  timestamp: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/)
    .refine((v) => !Number.isNaN(Date.parse(v))),
  int: z
    .string()
    .regex(/^-?\d{1,19}$/)
    .refine((v) => BigInt(v) >= INT64_MIN && BigInt(v) <= INT64_MAX),
  numeric: z.string().regex(/^-?\d{1,30}(\.\d{1,12})?$/),
  text: z.string().max(1000),
};

/** The cursor schema of an ordering named `tag` whose key has values of `kinds`. */
export function keysetCursor(tag: string, kinds: readonly KeyKind[]) {
  return z
    .object({
      t: z.literal(tag),
      k: z.tuple(kinds.map((k) => KEY_VALUE[k]) as [z.ZodType<string>, ...Array<z.ZodType<string>>]),
    })
    .strict()
    .transform((c) => c.k as string[]);
}

/** The key a keyset listing resumes after: undefined on the first page, else the decoded (checked) cursor. */
export function keysetAfter(
  cursor: string | undefined,
  tag: string,
  kinds: readonly KeyKind[],
): string[] | undefined {
  return cursor === undefined ? undefined : decodeCursor(cursor, keysetCursor(tag, kinds));
}

/** The cursor value of a compound key (the inverse of `keysetCursor`). */
export function keysetKey(tag: string, values: readonly string[]): { t: string; k: readonly string[] } {
  return { t: tag, k: values };
}
