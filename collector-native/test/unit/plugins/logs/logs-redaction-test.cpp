// Constants out of statements, messages and plans.
#include <gtest/gtest.h>

#include "plugins/logs/redact.h"
#include "plugins/logs/sql-normalize.h"

namespace pga::plugins::logs {
namespace {

TEST(LogsSqlNormalize, LiteralsOfEveryKind) {
  EXPECT_EQ(normalize_sql("SELECT * FROM t WHERE a = 'x''y' AND b = 42 AND c = 4.5e-3 AND d = .5"),
            "SELECT * FROM t WHERE a = $1 AND b = $2 AND c = $3 AND d = $4");
  EXPECT_EQ(normalize_sql("SELECT E'it\\'s', B'0101', X'ff', U&'d\\0061t', N'n', $$dollar 'quoted'$$, $tag$x$tag$"),
            "SELECT $1, $2, $3, $4, $5, $6, $7");
  EXPECT_EQ(normalize_sql("SELECT 0x1F, 1_000, 1..5"), "SELECT $1, $2, $3..$4");
}

TEST(LogsSqlNormalize, KeepsIdentifiersCommentsParametersAndNames) {
  EXPECT_EQ(normalize_sql("/* pga-agent */ SELECT \"col 1\", t1.c_2 FROM s.t1 WHERE x = $1 AND y = 'v' -- note 5"),
            "/* pga-agent */ SELECT \"col 1\", t1.c_2 FROM s.t1 WHERE x = $1 AND y = $2 -- note 5");
  EXPECT_EQ(normalize_sql("SELECT a$b, 'x'::int4, $3 FROM t LIMIT 10"), "SELECT a$b, $4::int4, $3 FROM t LIMIT $5");
  EXPECT_EQ(normalize_sql("/* nested /* 7 */ still */ SELECT 7"), "/* nested /* 7 */ still */ SELECT $1");
}

TEST(LogsSqlNormalize, CutStatementsLoseTheirUnterminatedLiteral) {
  EXPECT_EQ(normalize_sql("INSERT INTO t VALUES ('secret that was cu"), "INSERT INTO t VALUES ($1");
  EXPECT_EQ(normalize_sql("SELECT $$never closed"), "SELECT $1");
  EXPECT_EQ(normalize_sql(""), "");
  EXPECT_EQ(replace_sql_constants("(balance > '1'::numeric) AND (id = 2)", "?"),
            "(balance > ?::numeric) AND (id = ?)");
}

TEST(LogsRedact, ConstraintValues) {
  EXPECT_EQ(redact_text("Key (email)=(alice@example.com) already exists.", true), "Key (email)=(?) already exists.");
  EXPECT_EQ(redact_text("Key (a, b)=(1, f(x)) is not present in table \"p\".", true),
            "Key (a, b)=(?) is not present in table \"p\".");
  EXPECT_EQ(redact_text("Key (id)=(7) is still referenced from table \"child\".", false),
            "Key (id)=(?) is still referenced from table \"child\".");
  EXPECT_EQ(redact_text("Failing row contains (2, bob@example.com, -5, (x)).", true), "Failing row contains (?).");
  EXPECT_EQ(redact_text("Key (r)=([1,5)) conflicts with existing key (r)=([2,3)).", true),
            "Key (r)=(?) conflicts with existing key (r)=(?).");
}

TEST(LogsRedact, QuotedValuesNumbersAndIdentifiers) {
  EXPECT_EQ(redact_text("invalid input syntax for type integer: \"abc\" at character 8", true),
            "invalid input syntax for type integer: \"?\" at character ?");
  EXPECT_EQ(redact_text("value \"99999999999\" is out of range for type integer", true),
            "value \"?\" is out of range for type integer");
  EXPECT_EQ(redact_text("value 2147483648 is out of range for type integer", true),
            "value ? is out of range for type integer");
  EXPECT_EQ(redact_text("relation \"t1\" does not exist", true), "relation \"t1\" does not exist");
  EXPECT_EQ(redact_text("unnamed portal with parameters: $1 = 'secret', $2 = '42'", false),
            "unnamed portal with parameters: $1 = ?, $2 = ?");
  EXPECT_EQ(redact_text("can't and don't stay", true), "can't and don't stay");
  // LOG figures are kept (numbers = false)
  EXPECT_EQ(redact_text("temporary file: path \"base/pgsql_tmp/pgsql_tmp9.0\", size 2800000", false),
            "temporary file: path \"base/pgsql_tmp/pgsql_tmp9.0\", size 2800000");
}

TEST(LogsRedact, EmbeddedStatements) {
  EXPECT_EQ(redact_text("Process 12: UPDATE t SET v = 'x' WHERE id = 2\nProcess 13: SELECT 1", true),
            "Process ?: UPDATE t SET v = $1 WHERE id = $2\nProcess ?: SELECT $1");
  EXPECT_EQ(redact_text("SQL statement \"UPDATE t SET v = 'x'\"\nPL/pgSQL function f() line 3 at SQL statement", true),
            "SQL statement \"UPDATE t SET v = $1\"\nPL/pgSQL function f() line ? at SQL statement");
}

TEST(LogsRedact, Plans) {
  const std::string text_plan =
      "Query Parameters: $1 = 'secret'\n"
      "Index Scan using accounts_email_key on accounts  (cost=0.15..8.17 rows=1 width=4)\n"
      "  Index Cond: (email = 'alice@example.com'::text)\n"
      "  Filter: (balance > '1'::numeric)\n"
      "  Rows Removed by Filter: 3\n"
      "  ->  Seq Scan on t  (cost=0.00..1.00 rows=10 width=8)\n"
      "        Output: id, 'literal'::text";
  EXPECT_EQ(redact_plan(text_plan),
            "Index Scan using accounts_email_key on accounts  (cost=0.15..8.17 rows=1 width=4)\n"
            "  Index Cond: (email = ?::text)\n"
            "  Filter: (balance > ?::numeric)\n"
            "  Rows Removed by Filter: 3\n"
            "  ->  Seq Scan on t  (cost=0.00..1.00 rows=10 width=8)\n"
            "        Output: id, ?::text");
  const std::string json_plan =
      "{\n  \"Query Text\": \"SELECT id FROM accounts WHERE id = 2\",\n  \"Query Parameters\": \"$1 = '5'\",\n"
      "  \"Plan\": {\n    \"Total Cost\": 8.17,\n    \"Index Cond\": \"(id = 2)\",\n"
      "    \"Filter\": \"(name = 'x''y'::text)\"\n  }\n}";
  EXPECT_EQ(redact_plan(json_plan),
            "{\n  \"Query Text\": \"SELECT id FROM accounts WHERE id = $1\",\n"
            "  \"Plan\": {\n    \"Total Cost\": 8.17,\n    \"Index Cond\": \"(id = ?)\",\n"
            "    \"Filter\": \"(name = ?::text)\"\n  }\n}");
}

}  // namespace
}  // namespace pga::plugins::logs
