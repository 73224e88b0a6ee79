#!/usr/bin/env node
// The single entry point: loads the TypeScript sources through tsx (no build step to forget).
import { register } from 'tsx/esm/api';

register();
await import('../services/cli/main.ts');
