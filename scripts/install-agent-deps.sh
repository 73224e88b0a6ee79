#!/usr/bin/env bash
# Installs the Debian packages the native agent (collector-native/) builds with, only when they are missing:
# a C++17 compiler, CMake, pkg-config, libpq, librdkafka, Avro C, zstd, libcurl, yaml-cpp, nlohmann-json,
# GoogleTest — and pgbench (the agent's tests and benchmark run it as a workload).
set -euo pipefail

packages=(g++ cmake make pkg-config libpq-dev librdkafka-dev libavro-dev libzstd-dev libcurl4-openssl-dev
  libyaml-cpp-dev nlohmann-json3-dev libgtest-dev libgmock-dev libssl-dev liblz4-dev libsasl2-dev libjansson-dev
  postgresql-client)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "The agent needs: ${missing[*]}. Install them with: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "installing ${missing[*]} (apt-get)…"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
