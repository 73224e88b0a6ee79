/**
 * A decoded Avro value as plain JSON data: avsc record instances become plain objects and bigints become
 * decimal strings (JSON has no 64-bit integers). Used for golden fixtures and for showing values to people.
 */
export function toJsonValue(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
}
