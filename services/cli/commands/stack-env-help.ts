// Shared help text of `pga up|down|status`: the variables that place the local stack.
export const STACK_ENV_HELP = `
Environment:
  PGA_HOME                   data and log folder of the local stack (default .pga)
  PGA_KAFKA_PORT             Kafka listener on 127.0.0.1 (default 9092)
  PGA_KAFKA_CONTROLLER_PORT  KRaft controller listener (default 9093)
  PGA_PG_PORT                port of the embedded PostgreSQL (default 5433)
  PGA_DATABASE_URL           use this PostgreSQL instead of starting one (never stopped or changed)
  PGA_TOPIC_PREFIX           topic name prefix (default pga)
  PGA_LOG_LEVEL              progress detail: info (default), debug, warn…`;
