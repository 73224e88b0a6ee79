#!/bin/bash
# Regenerates the fixtures of this folder: a scratch PostgreSQL (initdb into $WORK, port $PORT) logging to
# stderr, csvlog and jsonlog at once, one pass of realistic activity per log_line_prefix (connections,
# authentication failures, slow and multi-line statements with literals, bind parameters, the agent's own
# statement, constraint errors, auto_explain text and JSON plans, a temp file, a lock wait and a deadlock,
# autovacuum, a checkpoint), then a statement timeout, a terminated backend and a shutdown.
# Run as root on a host with PostgreSQL's server binaries; the server runs as the postgres user.
#   test/data/logs/generate-fixtures.sh [/usr/lib/postgresql/15/bin]
# The file names carry the second of their rotation; the copies below give them stable names.
set -u  # not -e: the scenario fails on purpose (wrong passwords, errors, a deadlock)
BIN=${1:-/usr/lib/postgresql/15/bin}
PORT=${PORT:-15499}
WORK=${WORK:-/tmp/agent_e_pg}
OUT=$(cd "$(dirname "$0")" && pwd)
S="-X -q -h $WORK -p $PORT"
T="-X -q -h 127.0.0.1 -p $PORT"
[ -e "$WORK" ] && { echo "$WORK exists: remove it or set WORK" >&2; exit 1; }
mkdir -p "$WORK" && chown postgres:postgres "$WORK"
su postgres -c "$BIN/initdb -D $WORK/data -U postgres --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8" >/dev/null
cat >> "$WORK/data/postgresql.conf" <<EOC
port = $PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$WORK'
logging_collector = on
log_destination = 'stderr,csvlog,jsonlog'
log_directory = '$WORK/log'
log_filename = 'postgresql-%Y-%m-%d_%H%M%S.log'
log_line_prefix = '%m [%p] '
log_checkpoints = on
log_lock_waits = on
deadlock_timeout = '300ms'
log_autovacuum_min_duration = 0
autovacuum_naptime = 1
log_temp_files = 0
log_connections = on
log_disconnections = on
shared_preload_libraries = 'auto_explain'
compute_query_id = on
log_timezone = 'UTC'
lc_messages = 'C'
EOC
cat > "$WORK/data/pg_hba.conf" <<EOC
local all all trust
host agent_e_rejected all 127.0.0.1/32 reject
host all postgres 127.0.0.1/32 trust
host all all 127.0.0.1/32 scram-sha-256
EOC
su postgres -c "$BIN/pg_ctl -D $WORK/data -l $WORK/startup.log -w start" >/dev/null || exit 1
ADMIN="-X -q -h $WORK -p $PORT -U postgres -d postgres"
$BIN/psql $ADMIN -c "CREATE ROLE agent_e_app LOGIN PASSWORD 'right-password'" -c "CREATE DATABASE agent_e_db OWNER agent_e_app"
$BIN/psql -X -q -h $WORK -p $PORT -U agent_e_app -d agent_e_db \
  -c "CREATE TABLE accounts (id int PRIMARY KEY, email text UNIQUE, balance numeric CHECK (balance >= 0))" \
  -c "INSERT INTO accounts VALUES (1, 'alice@example.com', 100), (2, 'bob@example.com', 50)" \
  -c "CREATE TABLE churn (id int, payload text)"

scenario() {
# connections and authentication failures
PGPASSWORD=right-password $BIN/psql $T -U agent_e_app -d agent_e_db -c "SELECT 1" >/dev/null
PGPASSWORD=wrong $BIN/psql $T -U agent_e_app -d agent_e_db -c "SELECT 1" 2>/dev/null
PGPASSWORD=wrong $BIN/psql $T -U agent_e_nobody -d agent_e_db -c "SELECT 1" 2>/dev/null
PGPASSWORD=right-password $BIN/psql $T -U agent_e_app -d agent_e_rejected -c "SELECT 1" 2>/dev/null
# slow statements (log_min_duration_statement = 0), single and multi-line, with literals
PGAPPNAME=billing PGOPTIONS="-c log_min_duration_statement=0" $BIN/psql $S -U postgres -d agent_e_db >/dev/null <<'SQL'
SELECT id, email FROM accounts WHERE email = 'alice@example.com' AND balance > 10.5;
SELECT a.id,
       'secret-token-123' AS token,
       a.balance * 2 AS doubled
  FROM accounts a
 WHERE a.id IN (1, 2)
   AND a.email LIKE E'%example\'s%';
SELECT pg_sleep(0.12), $$dollar quoted secret$$ AS t;
SQL
# the agent's own statement: marker comment and application_name
PGAPPNAME=pga-agent PGOPTIONS="-c log_min_duration_statement=0" $BIN/psql $S -U postgres -d agent_e_db -c "/* pga-agent */ SELECT count(*) FROM pg_stat_activity WHERE state = 'active'" >/dev/null
# log_statement = all
PGOPTIONS="-c log_statement=all" $BIN/psql $S -U postgres -d agent_e_db -c "UPDATE accounts SET balance = balance + 1 WHERE email = 'bob@example.com'" >/dev/null
# extended protocol with parameters
cat > $WORK/bench.sql <<'SQL'
\set aid random(1, 2)
SELECT email, balance FROM accounts WHERE id = :aid AND email <> 'nobody@example.com';
SQL
PGOPTIONS="-c log_min_duration_statement=0" $BIN/pgbench -h $WORK -p $PORT -U postgres -n -M extended -t 2 -f $WORK/bench.sql agent_e_db >/dev/null 2>&1
PGOPTIONS="-c log_min_duration_statement=0" $BIN/pgbench -h $WORK -p $PORT -U postgres -n -M prepared -t 1 -f $WORK/bench.sql agent_e_db >/dev/null 2>&1
# errors
PGAPPNAME=billing $BIN/psql $S -U agent_e_app -d agent_e_db 2>/dev/null <<'SQL'
INSERT INTO accounts VALUES (3, 'alice@example.com', 10);
UPDATE accounts SET balance = -5 WHERE id = 2;
SELECT 1/0;
SELECT 'abc'::int;
SELEC broken syntax;
SELECT *
  FROM missing_table
 WHERE id = 42;
DO $$ BEGIN RAISE WARNING 'low balance for %', 'carol@example.com'; END $$;
SQL
# auto_explain, text and json
PGOPTIONS="-c auto_explain.log_min_duration=0" $BIN/psql $S -U postgres -d agent_e_db -c "SELECT id FROM accounts WHERE email = 'alice@example.com' AND balance > 1" >/dev/null
PGOPTIONS="-c auto_explain.log_min_duration=0 -c auto_explain.log_format=json" $BIN/psql $S -U postgres -d agent_e_db -c "SELECT id FROM accounts WHERE id = 2" >/dev/null
# temp file
PGOPTIONS="-c work_mem=64kB" $BIN/psql $S -U postgres -d agent_e_db -c "SELECT g FROM generate_series(1, 200000) g ORDER BY g DESC LIMIT 1" >/dev/null
# lock wait then deadlock
( $BIN/psql $S -U agent_e_app -d agent_e_db -c "BEGIN" -c "UPDATE accounts SET balance = balance WHERE id = 1" -c "SELECT pg_sleep(0.6)" -c "UPDATE accounts SET balance = balance WHERE id = 2" -c "COMMIT" >/dev/null 2>&1 ) &
sleep 0.2
$BIN/psql $S -U agent_e_app -d agent_e_db -c "BEGIN" -c "UPDATE accounts SET balance = balance WHERE id = 2" -c "UPDATE accounts SET balance = balance WHERE id = 1" -c "COMMIT" >/dev/null 2>&1
wait
# autovacuum and checkpoint
$BIN/psql $S -U agent_e_app -d agent_e_db -c "INSERT INTO churn SELECT g, md5(g::text) FROM generate_series(1, 20000) g" -c "DELETE FROM churn WHERE id % 2 = 0" >/dev/null
sleep 4
$BIN/psql $S -U postgres -d postgres -c "CHECKPOINT" >/dev/null
sleep 1
}

newest() { ls -t "$WORK"/log/*."$1" | head -1; }
for prefix in '%m [%p] ' '%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h ' '%m [%p] %q%u@%d ' \
              '%n|%c|%l|%s|%v|%x|%e|%b|%i|%Q|%r|%%|%-10u|%q%a '; do
  [ "$prefix" = '%m [%p] ' ] && cp "$(newest log)" "$OUT/stderr-startup.log"
  $BIN/psql $ADMIN -c "ALTER SYSTEM SET log_line_prefix = '$prefix'" -c "SELECT pg_reload_conf()" >/dev/null
  sleep 1.2
  $BIN/psql $ADMIN -c "SELECT pg_rotate_logfile()" >/dev/null
  sleep 0.3
  scenario
  sleep 1.2
  case "$prefix" in
    '%m [%p] ') cp "$(newest log)" "$OUT/stderr-m-p.log"; cp "$(newest csv)" "$OUT/csvlog-pg15.csv"
                cp "$(newest json)" "$OUT/jsonlog-pg15.json" ;;
    '%t '*) cp "$(newest log)" "$OUT/stderr-t-p-l-user-db-app-client.log" ;;
    '%m [%p] %q'*) cp "$(newest log)" "$OUT/stderr-m-p-q-user-db.log" ;;
    *) cp "$(newest log)" "$OUT/stderr-all-escapes.log" ;;
  esac
done

# the end of a server's life, with the third prefix
$BIN/psql $ADMIN -c "ALTER SYSTEM SET log_line_prefix = '%m [%p] %q%u@%d '" -c "SELECT pg_reload_conf()" >/dev/null
sleep 1.2
$BIN/psql $ADMIN -c "SELECT pg_rotate_logfile()" >/dev/null
sleep 0.3
PGOPTIONS="-c statement_timeout=100" $BIN/psql $S -U agent_e_app -d agent_e_db -c "SELECT pg_sleep(1), 'x' || 'secret'" 2>/dev/null || true
( PGAPPNAME=victim $BIN/psql $S -U agent_e_app -d agent_e_db -c "SELECT pg_sleep(5)" >/dev/null 2>&1 & )
sleep 0.5
$BIN/psql $ADMIN -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'victim'" >/dev/null
sleep 0.3
su postgres -c "$BIN/pg_ctl -D $WORK/data -m fast -w stop" >/dev/null
cp "$(newest log)" "$OUT/stderr-shutdown.log"
chmod 644 "$OUT"/*.log "$OUT"/*.csv "$OUT"/*.json
rm -rf "$WORK"
