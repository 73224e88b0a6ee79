import fs from 'node:fs';

// Reads a process's memory and CPU from /proc, the way `ps` and `top` do: resident set (VmRSS), its peak
// (VmHWM, kept by the kernel, so short spikes between samples are not missed) and user + system CPU time.

const CLOCK_TICKS_PER_S = 100; // USER_HZ: 100 on every Linux architecture Node runs on

export interface ProcessSample {
  rssBytes: number;
  peakRssBytes: number;
  cpuSeconds: number;
}

export function sampleProcess(pid: number): ProcessSample | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) =>
      Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // fields after the command name (which may hold spaces) start after the last ')'
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return {
      rssBytes: kb('VmRSS'),
      peakRssBytes: kb('VmHWM'),
      cpuSeconds: (utime + stime) / CLOCK_TICKS_PER_S,
    };
  } catch {
    return undefined; // the process is gone
  }
}
