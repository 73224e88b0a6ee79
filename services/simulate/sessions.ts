import type { ServerProfile } from './server-profile.ts';

// Client connections of a server: an application pool sized from max_connections that grows with the load.
// Shared by the database and activity families so their counts agree.

export function clientConnections(server: ServerProfile, load: number): number {
  return Math.max(2, Math.round(server.maxConnections * 0.25 * (0.6 + 0.4 * Math.min(load, 2))));
}

/** Backends running a statement on average: calls per second × mean duration (Little's law). */
export function activeBackends(callsPerSecond: number, meanMs: number, connections: number): number {
  return Math.min(connections, callsPerSecond * (meanMs / 1000));
}
