import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { withStackLock } from '../../services/stack/lock.ts';
import { createProgressLogger } from '../../services/stack/progress-logger.ts';

describe('progress output and the up/down lock', () => {
  it('prints one plain line per message, warnings labelled, below-level messages dropped', () => {
    const lines: string[] = [];
    const log = createProgressLogger('info', (l) => lines.push(l));
    log.info('kafka: ready');
    log.debug('hidden');
    log.warn('slow start');
    log.child({ component: 'kafkajs' }).error('broken');
    assert.deepEqual(lines, ['kafka: ready\n', 'warning: slow start\n', 'error: kafkajs: broken\n']);
  });

  it('takes over a lock left by a dead process and releases its own', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pga-lock-')), 'stack.lock');
    fs.writeFileSync(file, '999999999\n');
    const log = createProgressLogger('silent');
    const got = await withStackLock(file, log, async () => fs.readFileSync(file, 'utf8').trim());
    assert.equal(got, String(process.pid));
    assert.equal(fs.existsSync(file), false);
  });

  it('can be taken again once released', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pga-lock-')), 'stack.lock');
    const log = createProgressLogger('silent');
    const order: string[] = [];
    await withStackLock(file, log, async () => {
      order.push('a');
    });
    await withStackLock(file, log, async () => {
      order.push('b');
    });
    assert.deepEqual(order, ['a', 'b']);
  });
});
