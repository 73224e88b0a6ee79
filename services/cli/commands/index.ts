import type { Command } from 'commander';

// Every subcommand of `pga`, in the order `pga --help` lists them.
export const COMMANDS: Array<(program: Command) => void> = [];
