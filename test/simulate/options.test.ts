import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { resolveGenerateOptions, UsageError } from '../../services/simulate/index.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function pga(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/pga.js'), 'simulate', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, PGA_LOG_LEVEL: 'silent' },
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('simulation options', () => {
  it('refuses a bad value with a message naming the option', () => {
    const cases: Array<[Parameters<typeof resolveGenerateOptions>[0], string]> = [
      [{ servers: 0, statements: 1, intervalSeconds: 1 }, '--servers'],
      [{ servers: 1, statements: 1.5, intervalSeconds: 1 }, '--statements'],
      [{ servers: 1, statements: 1, intervalSeconds: 0 }, '--interval'],
      [{ servers: 1, statements: 1, intervalSeconds: 1, families: ['nope' as 'logs'] }, '--families'],
      [{ servers: 1, statements: 1, intervalSeconds: 1, serverPrefix: 'a b' }, '--server-prefix'],
      [{ servers: 1, statements: 1, intervalSeconds: 1, resetProbability: 2 }, '--reset-probability'],
      [{ servers: 1, statements: 1, intervalSeconds: 1, topStatements: 100_000 }, '--top-statements'],
    ];
    for (const [opts, option] of cases) {
      assert.throws(
        () => resolveGenerateOptions(opts),
        (err: unknown) => err instanceof UsageError && err.message.startsWith(`${option}:`),
        option,
      );
    }
  });
});

describe('pga simulate (command line)', () => {
  it('explains every option in --help', () => {
    const { code, out } = pga('--help');
    assert.equal(code, 0);
    for (const option of [
      '--servers',
      '--statements',
      '--interval ',
      '--intervals',
      '--duration',
      '--backfill',
      '--no-wait',
      '--families',
      '--seed',
      '--server-prefix',
      '--tables',
      '--top-statements',
      '--querytext-refresh',
      '--reset-probability',
      '--eviction-probability',
      '--topic-prefix',
      '--dry-run',
      '--json',
    ]) {
      assert.ok(out.includes(option), `--help lacks ${option}`);
    }
    assert.match(out, /PGA_TOPIC_PREFIX/);
  });

  it('stops on a bad value with a message naming the option', () => {
    for (const [args, option] of [
      [['--servers', 'many'], '--servers'],
      [['--interval', '-5'], '--interval'],
      [['--families', 'statements,bogus'], '--families'],
      [['--reset-probability', '1.5'], '--reset-probability'],
      [['--topic-prefix', 'bad prefix'], '--topic-prefix'],
      [['--backfill', '3', '--intervals', '2'], '--backfill'],
      [['--no-wait'], '--no-wait'],
    ] as const) {
      const { code, err } = pga(...args);
      assert.notEqual(code, 0, args.join(' '));
      assert.ok(err.includes(option), `${args.join(' ')}: ${err}`);
    }
  });

  it('prints the summary as JSON after a dry-run backfill', () => {
    const { code, out, err } = pga(
      '--servers',
      '2',
      '--statements',
      '20',
      '--backfill',
      '3',
      '--dry-run',
      '--json',
      '--seed',
      '5',
    );
    assert.equal(code, 0, err);
    const summary = JSON.parse(out) as {
      servers: number;
      intervals: number;
      messages: number;
      byStream: Record<string, { topic: string }>;
    };
    assert.equal(summary.servers, 2);
    assert.equal(summary.intervals, 3);
    assert.ok(summary.messages >= 2 * 3 * 9);
    assert.ok(
      Object.values(summary.byStream).every(
        (s) => s.topic.startsWith('pga.') || s.topic.startsWith(`${process.env.PGA_TOPIC_PREFIX}.`),
      ),
    );
  });
});
