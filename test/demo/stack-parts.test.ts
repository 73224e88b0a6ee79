import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newlyRunning, startedBy } from '../../services/demo/stack-parts.ts';
import type { UpResult } from '../../services/stack/index.ts';

const upResult = (kafka: boolean, postgres: boolean, external = false): UpResult => ({
  kafka: { pid: 1, alreadyRunning: kafka },
  postgres: { pid: external ? undefined : 2, alreadyRunning: postgres, external },
  topics: { created: [], unchanged: [], partitionsAdded: [], configsUpdated: [] },
  seconds: 1,
});

describe('demo: which stack parts it stops', () => {
  it('only the parts up started, never an external database', () => {
    assert.deepEqual(startedBy(upResult(false, false)), { kafka: true, postgres: true });
    assert.deepEqual(startedBy(upResult(true, false)), { kafka: false, postgres: true });
    assert.deepEqual(startedBy(upResult(false, true, true)), { kafka: true, postgres: false });
    assert.deepEqual(startedBy(upResult(true, true)), { kafka: false, postgres: false });
  });

  it('after a failed up: what runs now and did not before', () => {
    assert.deepEqual(newlyRunning({ kafka: false, postgres: true }, { kafka: true, postgres: true }), {
      kafka: true,
      postgres: false,
    });
  });
});
