import type { Router } from 'express';
import type { ApiDeps } from '../deps.ts';

// Every route module of /api/v1. Each exports `register(router, deps)`.
export const ROUTES: Array<(router: Router, deps: ApiDeps) => void> = [];
