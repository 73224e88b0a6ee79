// Writes the golden fixtures of the current schema version: for every schema,
// schemas/fixtures/<name>/v<N>.avsc (frozen writer schema), v<N>.bin (single-object encoded sample) and
// v<N>.json (the expected decoded value, bigints as strings). Run: npx tsx services/lib/avro/write-fixtures.ts
//
// Fixtures are history: an existing file is never rewritten. Writing different content over an existing
// fixture fails; to record a new schema version, bump FIXTURE_VERSION (see schemas/README.md).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { toJsonValue } from './json-value.ts';
import { DEFAULT_SCHEMA_DIR, SchemaRegistry } from './registry.ts';
import { SAMPLES } from './samples.ts';
import { encodeSingleObject } from './single-object.ts';

export const FIXTURE_VERSION = 1;

export interface FixtureResult {
  name: string;
  written: string[];
  unchanged: string[];
}

function writeOnce(path: string, content: Buffer, result: FixtureResult): void {
  if (existsSync(path)) {
    if (!readFileSync(path).equals(content)) {
      throw new Error(
        `${path} exists with different content: fixtures are never rewritten (bump FIXTURE_VERSION)`,
      );
    }
    result.unchanged.push(path);
    return;
  }
  writeFileSync(path, content);
  result.written.push(path);
}

export function writeFixtures(schemaDir = DEFAULT_SCHEMA_DIR, version = FIXTURE_VERSION): FixtureResult[] {
  const registry = SchemaRegistry.load(schemaDir);
  return registry.all().map((entry) => {
    const sample = SAMPLES[entry.name];
    if (!sample) throw new Error(`no sample value for ${entry.name} in services/lib/avro/samples.ts`);
    const dir = join(schemaDir, 'fixtures', entry.name);
    mkdirSync(dir, { recursive: true });
    const result: FixtureResult = { name: entry.name, written: [], unchanged: [] };
    const encoded = encodeSingleObject(entry, sample);
    writeOnce(join(dir, `v${version}.avsc`), Buffer.from(JSON.stringify(entry.raw, null, 2) + '\n'), result);
    writeOnce(join(dir, `v${version}.bin`), encoded, result);
    const expected = toJsonValue(registry.byName(entry.name).type.fromBuffer(encoded.subarray(10)));
    writeOnce(join(dir, `v${version}.json`), Buffer.from(JSON.stringify(expected, null, 2) + '\n'), result);
    return result;
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const r of writeFixtures()) {
    console.log(`${r.name}: ${r.written.length} written, ${r.unchanged.length} unchanged`);
  }
}
