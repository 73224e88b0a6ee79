// Identifiers that must be dynamic (table and column names taken from the schemas) go through here; values
// never do — they are always bound parameters or COPY data.
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
