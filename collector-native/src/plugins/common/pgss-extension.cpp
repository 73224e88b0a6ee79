#include "plugins/common/pgss-extension.h"

namespace pga::plugins::pgss {

Expected<Extension> read_extension(pg::Connection& conn) {
  auto r = conn.query(
      "SELECT quote_ident(n.nspname) AS schema, e.extversion, "
      "(SELECT string_agg(a.attname, ',' ORDER BY a.attnum) FROM pg_attribute a "
      "  JOIN pg_class c ON c.oid = a.attrelid "
      "  WHERE c.relname = 'pg_stat_statements' AND c.relnamespace = e.extnamespace "
      "    AND a.attnum > 0 AND NOT a.attisdropped) AS columns, "
      "EXISTS (SELECT 1 FROM pg_class c WHERE c.relname = 'pg_stat_statements_info' "
      "  AND c.relnamespace = e.extnamespace) AS has_info "
      "FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
      "WHERE e.extname = 'pg_stat_statements'");
  if (!r) return r.status();
  if (r->rows() == 0) {
    return Status::not_found("pg_stat_statements is not installed in database \"" + conn.database() +
                             "\": add pg_stat_statements to shared_preload_libraries (restart), then run "
                             "CREATE EXTENSION pg_stat_statements in that database");
  }
  Extension ext;
  ext.schema = r->str(0, "schema");
  ext.version = r->str(0, "extversion");
  ext.has_info = r->boolean(0, "has_info").value_or(false);
  const std::string cols = r->str(0, "columns");
  size_t start = 0;
  while (start <= cols.size()) {
    const size_t comma = cols.find(',', start);
    const std::string name = cols.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!name.empty()) ext.columns.insert(name);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  if (!ext.columns.count("queryid") || !ext.columns.count("calls") || !ext.columns.count("query")) {
    return Status::not_found("pg_stat_statements " + ext.version +
                             " is too old (no queryid/calls): run ALTER EXTENSION pg_stat_statements UPDATE");
  }
  return ext;
}

Status explain_failure(const Status& status) {
  if (status.message().find("shared_preload_libraries") != std::string::npos) {
    return Status::not_found(
        "pg_stat_statements is not loaded: add it to shared_preload_libraries in postgresql.conf and restart "
        "PostgreSQL (" + status.message() + ")");
  }
  return status;
}

}  // namespace pga::plugins::pgss
