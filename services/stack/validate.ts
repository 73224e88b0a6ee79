import type { StackConfig } from '../lib/config/stack.ts';
import { ConfigError } from '../lib/errors.ts';

// Cross-field checks of the stack configuration (each value alone is checked by loadStackConfig).
export function validateStackConfig(cfg: StackConfig): StackConfig {
  const ports: Array<[string, number]> = [
    ['PGA_KAFKA_PORT', cfg.kafkaPort],
    ['PGA_KAFKA_CONTROLLER_PORT', cfg.kafkaControllerPort],
  ];
  if (!cfg.externalDatabase) ports.push(['PGA_PG_PORT', cfg.pgPort]);
  for (let i = 0; i < ports.length; i++) {
    for (let j = i + 1; j < ports.length; j++) {
      const [a, pa] = ports[i]!;
      const [b, pb] = ports[j]!;
      if (pa === pb) {
        throw new ConfigError(
          `invalid configuration:\n  ${a}=${pa} and ${b}=${pb}: expected different ports`,
          {
            variables: [a, b],
          },
        );
      }
    }
  }
  return cfg;
}
