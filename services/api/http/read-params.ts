import { z } from '../openapi.ts';

// Parameter and response pieces shared by the read routes.

/** A monitored server's id as agents send it: any printable text. Always a bound parameter. */
export const ServerId = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^\p{Cc}]+$/u, 'expected a server id without control characters')
  .openapi({ description: 'Monitored server id', example: 'db-prod-1' });

/** A pg_query fingerprint as stored by ingest: lowercase hex. */
export const Fingerprint = z
  .string()
  .regex(/^[0-9a-f]{8,64}$/, 'expected a pg_query fingerprint (lowercase hex)')
  .openapi({ description: 'pg_query fingerprint of the normalised statement', example: 'a0b1c2d3e4f50617' });

/** An `id` that the client got from a listing (recommendations, anomalies). */
export const EventId = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^\p{Cc}]+$/u, 'expected an id without control characters');

export const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });

/** Serialises a JS Date (or null) the way every response does: ISO 8601 UTC. */
export const iso = (d: Date | string | null | undefined): string | null =>
  d === null || d === undefined ? null : d instanceof Date ? d.toISOString() : d;

export const Time = z.iso.datetime({ offset: true });

/** Free text a read matches on (PostgreSQL text cannot hold NUL, and control characters are never meant). */
export const SearchText = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[^\p{Cc}]+$/u, 'expected text without control characters');
