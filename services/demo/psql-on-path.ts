import fs from 'node:fs';
import path from 'node:path';

// The embedded PostgreSQL ships no psql; the demo says how to get one when the machine has none.
export function psqlOnPath(): boolean {
  return (process.env.PATH ?? '')
    .split(path.delimiter)
    .some((dir) => dir !== '' && fs.existsSync(path.join(dir, 'psql')));
}
