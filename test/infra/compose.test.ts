import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Command } from 'commander';
import { COMMANDS } from '../../services/cli/commands/index.ts';
import { parseMiniYaml, type Yaml } from './mini-yaml.ts';

// infra/deploy/compose.yaml must stay in step with the code: every `pga <command>` it runs exists, every
// PGA_* variable it sets is read somewhere in services/, and every port a pga service publishes is the
// default of a PGA_*_PORT variable in the code.

const ROOT = path.resolve(import.meta.dirname, '../..');
const COMPOSE = path.join(ROOT, 'infra/deploy/compose.yaml');

// Commands the deployment runs that the CLI does not register yet, with the PGA_* variables their compose
// entries name before any code reads them. `codeHasPorts`: the service's port variables already exist in
// services/, so the port check applies even before the command is registered. Remove an entry once its
// command is registered: from then on every check applies to it.
const PLANNED: Record<string, { variables: string[]; codeHasPorts: boolean }> = {
  // services/cli/commands/ingest.ts exists but commands/index.ts does not register it yet.
  ingest: { variables: [], codeHasPorts: true },
  migrate: { variables: [], codeHasPorts: true },
  api: { variables: ['PGA_API_PORT', 'PGA_API_JWT_SECRET'], codeHasPorts: false },
  analyzer: { variables: ['PGA_ANALYZER_METRICS_PORT'], codeHasPorts: false },
};

type Map = { [key: string]: Yaml };
const asMap = (y: Yaml | undefined): Map => (y && typeof y === 'object' && !Array.isArray(y) ? y : {});

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function registeredCommands(): Set<string> {
  const program = new Command('pga');
  for (const register of COMMANDS) register(program);
  return new Set(program.commands.map((c) => c.name()));
}

interface PgaService {
  service: string;
  command: string;
  env: Record<string, string>;
  containerPorts: number[];
}

function pgaServices(): PgaService[] {
  const services = asMap(asMap(parseMiniYaml(fs.readFileSync(COMPOSE, 'utf8')) ?? {}).services);
  const out: PgaService[] = [];
  for (const [service, def] of Object.entries(services)) {
    const d = asMap(def);
    const cmd = d.command;
    if (!Array.isArray(cmd) || cmd[0] !== 'pga') continue;
    const env = Object.fromEntries(Object.entries(asMap(d.environment)).map(([k, v]) => [k, String(v)]));
    const ports = Array.isArray(d.ports) ? d.ports.map((p) => Number(String(p).split(':').pop())) : [];
    out.push({ service, command: String(cmd[1]), env, containerPorts: ports });
  }
  return out;
}

describe('infra/deploy/compose.yaml', () => {
  const services = pgaServices();
  const registered = registeredCommands();
  const source = sourceFiles(path.join(ROOT, 'services'))
    .map((f) => fs.readFileSync(f, 'utf8'))
    .join('\n');

  it('runs the pga services the deployment needs', () => {
    const commands = services.map((s) => s.command).sort();
    for (const needed of ['analyzer', 'api', 'ingest', 'migrate'])
      assert.ok(commands.includes(needed), needed);
  });

  it('runs only pga commands that are registered or planned', () => {
    for (const s of services) {
      assert.ok(
        registered.has(s.command) || s.command in PLANNED,
        `service ${s.service} runs "pga ${s.command}", which the CLI does not register (and is not PLANNED)`,
      );
    }
  });

  it('sets only PGA_* variables that the code reads', () => {
    const compose = fs.readFileSync(COMPOSE, 'utf8');
    const planned = new Set(Object.values(PLANNED).flatMap((p) => p.variables));
    const named = new Set(compose.match(/PGA_[A-Z0-9_]+/g) ?? []);
    assert.ok(named.size > 0);
    for (const v of named) {
      assert.ok(
        source.includes(v) || planned.has(v),
        `${v} appears in compose.yaml but nowhere in services/`,
      );
    }
  });

  it('publishes, for each pga service, the default port its code listens on', () => {
    const defaults = new globalThis.Map<string, number>();
    for (const m of source.matchAll(/(PGA_[A-Z0-9_]*PORT)\s*:\s*port\(\s*([\d_]+)\s*\)/g)) {
      defaults.set(m[1]!, Number(m[2]!.replace(/_/g, '')));
    }
    const checkable = (cmd: string) => registered.has(cmd) || PLANNED[cmd]?.codeHasPorts === true;
    for (const s of services.filter((x) => checkable(x.command))) {
      for (const p of s.containerPorts) {
        const match = [...defaults].find(
          ([v, def]) => def === p && (s.env[v] === undefined || Number(s.env[v]) === p),
        );
        assert.ok(
          match,
          `service ${s.service} publishes ${p}, which is not the default of any PGA_*_PORT in services/`,
        );
      }
      for (const [v, value] of Object.entries(s.env)) {
        if (defaults.has(v)) {
          assert.ok(
            s.containerPorts.includes(Number(value)),
            `service ${s.service} sets ${v}=${value} but does not publish it`,
          );
        }
      }
    }
  });

  it('is read by the mini YAML reader exactly (flow lists, quoted scalars, nested maps)', () => {
    const text = [
      'a:',
      '  b: "x y"',
      `  c: ['p', "q"]`,
      '  d:',
      "    - '1:2'",
      '    - e',
      '# note',
      'f:',
      "g: 'it''s'",
    ];
    const y = asMap(parseMiniYaml(text.join('\n')));
    assert.deepEqual(y, { a: { b: 'x y', c: ['p', 'q'], d: ['1:2', 'e'] }, f: null, g: "it's" });
    assert.throws(() => parseMiniYaml('a: &anchor x\n'), /unsupported/);
  });
});
