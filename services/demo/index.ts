// `pga demo`: the whole pipeline on a small simulated fleet, with progress and where to look next.
export { DEMO_DEFAULTS, integerIn, secondsUpTo, type DemoOptions } from './options.ts';
export { formatElapsed, formatProgress, type ProgressSample } from './progress.ts';
export { runDemo } from './run-demo.ts';
export { SERVERS_SQL, TOP_QUERIES_SQL, whereToLook, type WhereToLook } from './where-to-look.ts';
