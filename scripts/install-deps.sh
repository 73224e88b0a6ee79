#!/usr/bin/env bash
# Installs the Debian packages the local stack needs, only when they are missing: a JRE and Maven for the
# Kafka broker (its jars come from Maven Central through infra/kafka/pom.xml), and the PostgreSQL client
# (psql, for `pga bench ingest`). Node.js 20 is expected.
set -euo pipefail

missing=()
command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jre-headless)
command -v mvn >/dev/null 2>&1 || missing+=(maven)
# psql: `pga bench ingest` measures the raw COPY limit with `psql \copy`.
command -v psql >/dev/null 2>&1 || missing+=(postgresql-client)

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  echo "pgAnalytics needs Node.js 20 or newer (found: $(node --version 2>/dev/null || echo none))." >&2
  exit 1
fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing: ${missing[*]}. Install them with: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "installing ${missing[*]} (apt-get)…"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
