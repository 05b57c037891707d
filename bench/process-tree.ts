/** One process as /proc/PID/stat describes it: its parent and the CPU it has used (user + system). */
export type ProcessStat = { pid: number; parentPid: number; cpuTicks: number };

/**
 * Reads a /proc/PID/stat line. The command name sits in parentheses and may hold spaces and
 * parentheses itself, so the fields are counted from the last closing one: after it come the state
 * (field 3), the parent (4), …, utime (14) and stime (15), in clock ticks.
 */
export function parseProcessStat(line: string): ProcessStat {
  const nameEnd = line.lastIndexOf(')');
  const pid = Number.parseInt(line, 10);
  const fields = line.slice(nameEnd + 2).split(' ');
  const parentPid = Number(fields[1]);
  const userTicks = Number(fields[11]);
  const systemTicks = Number(fields[12]);
  if (nameEnd < 0 || !Number.isInteger(pid) || !Number.isInteger(parentPid) || !Number.isInteger(userTicks) || !Number.isInteger(systemTicks))
    throw new Error(`not a /proc/PID/stat line: ${line.slice(0, 120)}`);
  return { pid, parentPid, cpuTicks: userTicks + systemTicks };
}

/** The process and all its descendants (a cluster's primary and its workers), found through the parent ids. */
export function treeOf(processes: readonly ProcessStat[], rootPid: number): ProcessStat[] {
  const childrenOf = new Map<number, ProcessStat[]>();
  for (const entry of processes) childrenOf.set(entry.parentPid, [...(childrenOf.get(entry.parentPid) ?? []), entry]);
  const root = processes.find((entry) => entry.pid === rootPid);
  if (!root) return [];
  const tree = [root];
  for (let index = 0; index < tree.length; index += 1) tree.push(...(childrenOf.get(tree[index]?.pid ?? -1) ?? []));
  return tree;
}

/** VmRSS (now) and VmHWM (the peak since the process started) from /proc/PID/status, in MB. */
export function parseMemory(status: string): { rssMb: number; peakRssMb: number } {
  const kilobytes = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  const rss = kilobytes('VmRSS');
  const peak = kilobytes('VmHWM');
  if (Number.isNaN(rss) || Number.isNaN(peak)) throw new Error('no VmRSS or VmHWM in /proc/PID/status');
  return { rssMb: Math.round(rss / 1024), peakRssMb: Math.round(peak / 1024) };
}
