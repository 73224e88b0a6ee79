// Reads the YAML subset infra/deploy/compose.yaml is kept to: block maps and block lists by indentation,
// flow lists of quoted strings, quoted or bare scalars, full-line comments. Anything else
// (anchors, multi-line strings, trailing comments) is refused, so the compose file stays checkable.

export type Yaml = string | null | Yaml[] | { [key: string]: Yaml };

interface Line {
  indent: number;
  text: string;
  no: number;
}

const QUOTED = /^(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)')/;

/** A double-quoted (JSON escapes) or single-quoted ('' escapes ') string at the start of `v`. */
function quoted(v: string, no: number): { value: string; rest: string } {
  const m = QUOTED.exec(v);
  if (!m) throw new Error(`line ${no}: expected a quoted string at ${v}`);
  const value = m[1] !== undefined ? (JSON.parse(`"${m[1]}"`) as string) : m[2]!.replace(/''/g, "'");
  return { value, rest: v.slice(m[0].length).trim() };
}

function flowList(v: string, no: number): string[] {
  const items: string[] = [];
  let rest = v.slice(1).trim();
  while (!rest.startsWith(']')) {
    const q = quoted(rest, no);
    items.push(q.value);
    rest = q.rest.startsWith(',') ? q.rest.slice(1).trim() : q.rest;
    if (rest === '') throw new Error(`line ${no}: unterminated flow list`);
  }
  if (rest !== ']') throw new Error(`line ${no}: content after a flow list: ${rest}`);
  return items;
}

function scalar(raw: string, no: number): Yaml {
  const v = raw.trim();
  if (v === '') return null;
  if (v.startsWith('[')) return flowList(v, no);
  if (v.startsWith('"') || v.startsWith("'")) {
    const q = quoted(v, no);
    if (q.rest !== '') throw new Error(`line ${no}: content after a string: ${q.rest}`);
    return q.value;
  }
  if (/[&*|>#{`]/.test(v[0]!) || / #/.test(v)) throw new Error(`line ${no}: unsupported YAML: ${v}`);
  return v;
}

export function parseMiniYaml(text: string): Yaml {
  const lines: Line[] = [];
  text.split('\n').forEach((l, i) => {
    if (l.trim() === '' || l.trimStart().startsWith('#')) return;
    if (l.includes('\t')) throw new Error(`line ${i + 1}: tab in indentation`);
    lines.push({ indent: l.length - l.trimStart().length, text: l.trim(), no: i + 1 });
  });
  let pos = 0;

  function block(indent: number): Yaml {
    const first = lines[pos];
    if (!first || first.indent < indent) return null;
    if (first.text.startsWith('- ')) {
      const list: Yaml[] = [];
      while (lines[pos] && lines[pos]!.indent === first.indent && lines[pos]!.text.startsWith('- ')) {
        list.push(scalar(lines[pos]!.text.slice(2), lines[pos]!.no));
        pos++;
      }
      return list;
    }
    const map: { [key: string]: Yaml } = {};
    while (lines[pos] && lines[pos]!.indent === first.indent) {
      const line = lines[pos]!;
      const m = /^("[^"]+"|[A-Za-z0-9_.-]+):(?:\s+(.*))?$/.exec(line.text);
      if (!m) throw new Error(`line ${line.no}: expected "key: value", got ${line.text}`);
      const key = m[1]!.replace(/^"|"$/g, '');
      pos++;
      if (m[2] !== undefined && m[2] !== '') map[key] = scalar(m[2], line.no);
      else map[key] = lines[pos] && lines[pos]!.indent > line.indent ? block(lines[pos]!.indent) : null;
    }
    if (lines[pos] && lines[pos]!.indent > first.indent)
      throw new Error(`line ${lines[pos]!.no}: bad indentation`);
    return map;
  }

  const doc = block(0);
  if (pos < lines.length) throw new Error(`line ${lines[pos]!.no}: unexpected content`);
  return doc;
}
