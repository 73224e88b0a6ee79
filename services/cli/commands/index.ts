import type { Command } from 'commander';
import { register as api } from './api.ts';
import { register as bench } from './bench.ts';
import { register as demo } from './demo.ts';
import { register as down } from './down.ts';
import { register as ingest } from './ingest.ts';
import { register as maintain } from './maintain.ts';
import { register as migrate } from './migrate.ts';
import { register as simulate } from './simulate.ts';
import { register as status } from './status.ts';
import { register as topics } from './topics.ts';
import { register as up } from './up.ts';
import { register as user } from './user.ts';

// Every subcommand of `pga`, in the order `pga --help` lists them.
export const COMMANDS: Array<(program: Command) => void> = [
  up,
  down,
  status,
  topics,
  migrate,
  maintain,
  ingest,
  api,
  user,
  simulate,
  bench,
  demo,
];
