import type { Router } from 'express';
import type { ApiDeps } from '../deps.ts';
import { register as anomalies } from './anomalies.ts';
import { register as audit } from './audit.ts';
import { register as auth } from './auth.ts';
import { register as bootstrapTokens } from './bootstrap-tokens.ts';
import { register as collectorConfig } from './collector-config.ts';
import { register as collectorHeartbeat } from './collector-heartbeat.ts';
import { register as collectorRegistration } from './collector-registration.ts';
import { register as collectors } from './collectors.ts';
import { register as logs } from './logs.ts';
import { register as metrics } from './metrics.ts';
import { register as ops } from './ops.ts';
import { register as queries } from './queries.ts';
import { register as queryDetail } from './query-detail.ts';
import { register as recommendations } from './recommendations.ts';
import { register as schemas } from './schemas.ts';
import { register as servers } from './servers.ts';
import { register as tokens } from './tokens.ts';
import { register as users } from './users.ts';

// Every route module of /api/v1. Each exports `register(router, deps)`.
export const ROUTES: Array<(router: Router, deps: ApiDeps) => void> = [
  ops,
  auth,
  users,
  tokens,
  audit,
  collectorRegistration,
  bootstrapTokens,
  collectors,
  collectorHeartbeat,
  collectorConfig,
  servers,
  metrics,
  queries,
  queryDetail, // after queries: /queries/top before /queries/{fingerprint}
  logs,
  anomalies,
  recommendations,
  schemas,
];
