import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Random, zipfWeights } from '../../services/simulate/random.ts';

describe('Random', () => {
  it('repeats its sequence for the same seed and differs for another', () => {
    const a = new Random(42);
    const b = new Random(42);
    const c = new Random(43);
    const seqA = Array.from({ length: 20 }, () => a.uint32());
    assert.deepEqual(
      seqA,
      Array.from({ length: 20 }, () => b.uint32()),
    );
    assert.notDeepEqual(
      seqA,
      Array.from({ length: 20 }, () => c.uint32()),
    );
    assert.equal(new Random('x:1').next(), new Random('x:1').next());
  });

  it('draws log-normal values around their median and Poisson counts around their mean', () => {
    const rng = new Random(7);
    const draws = Array.from({ length: 20_001 }, () => rng.logNormal(5, 1)).sort((x, y) => x - y);
    const median = draws[10_000]!;
    assert.ok(median > 4.6 && median < 5.4, `median ${median}`);
    for (const lambda of [0.5, 12, 400]) {
      let sum = 0;
      for (let i = 0; i < 10_000; i++) sum += rng.poisson(lambda);
      const mean = sum / 10_000;
      assert.ok(Math.abs(mean - lambda) < lambda * 0.05 + 0.05, `poisson(${lambda}) mean ${mean}`);
    }
  });

  it('covers the whole signed 64-bit range for queryids', () => {
    const rng = new Random(1);
    const ids = Array.from({ length: 1000 }, () => rng.int64());
    assert.ok(ids.some((id) => id < -(2n ** 53n)));
    assert.ok(ids.some((id) => id > 2n ** 53n));
    for (const id of ids) assert.ok(id >= -(2n ** 63n) && id < 2n ** 63n);
  });

  it('gives Zipf weights that sum to 1 and fall with the rank', () => {
    const w = zipfWeights(100);
    assert.ok(Math.abs(w.reduce((s, x) => s + x, 0) - 1) < 1e-9);
    for (let i = 1; i < w.length; i++) assert.ok(w[i]! < w[i - 1]!);
    // the first tenth of the queries take most of the calls
    assert.ok(w.slice(0, 10).reduce((s, x) => s + x, 0) > 0.5);
  });
});
