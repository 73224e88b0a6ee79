import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { isAlive, readPidFile, runningPid, waitForExit } from '../../services/stack/process-control.ts';

describe('process liveness from pid files', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pga-pid-'));

  it('trusts a pid only while its process lives and carries the marker', async () => {
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    const file = path.join(dir, 'sleep.pid');
    fs.writeFileSync(file, `${child.pid}\n`);
    assert.equal(readPidFile(file), child.pid);
    assert.equal(runningPid(file, 'sleep'), child.pid);
    assert.equal(runningPid(file, 'kafka.Kafka'), undefined, 'a reused pid of another program is not ours');
    child.kill('SIGTERM');
    assert.equal(await waitForExit(child.pid!, 5000), true);
    assert.equal(isAlive(child.pid!), false);
    assert.equal(runningPid(file, 'sleep'), undefined);
  });

  it('reads missing and garbage pid files as no process', () => {
    assert.equal(readPidFile(path.join(dir, 'nope.pid')), undefined);
    fs.writeFileSync(path.join(dir, 'bad.pid'), 'hello\n');
    assert.equal(readPidFile(path.join(dir, 'bad.pid')), undefined);
    assert.equal(isAlive(process.pid), true);
  });

  it('gives up waiting for a process that does not exit', async () => {
    assert.equal(await waitForExit(process.pid, 150), false);
  });
});
