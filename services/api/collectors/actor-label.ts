import type { Principal } from '../auth/principal.ts';

// Who made a configuration version or a bootstrap token, as stored in created_by: readable in a history
// listing (the audit log keeps the ids).
export function actorLabel(p: Principal | undefined): string {
  switch (p?.kind) {
    case 'user':
      return `user:${p.email}`;
    case 'apitoken':
      return `apitoken:${p.tokenId}`;
    case 'collector':
      return `collector:${p.collectorId}`;
    default:
      return 'anonymous';
  }
}
