/**
 * CPU time of processes on this machine, read from /proc: what a run cost each side (our server, the
 * PostgreSQL backends serving it, the load generator), as opposed to how long it took. CPU time moves much less
 * than throughput when other work shares the cores, so it compares two versions on a busy machine.
 */
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";

const TICKS_PER_SECOND = 100; // USER_HZ: 100 on Linux for every architecture Node runs on

/** User + system CPU seconds of a process so far; null once it has exited (or without /proc). */
export function cpuSecondsOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name, which may itself hold spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** Sums the CPU that a changing set of processes spends from `start()` on. */
export class CpuTally {
  private readonly first = new Map<number, number>();
  private readonly last = new Map<number, number>();
  private started = false;

  /** Processes seen before the start count from their reading then; later ones from zero (they began during the run). */
  see(pid: number): void {
    const now = cpuSecondsOf(pid);
    if (now === null) return;
    if (!this.first.has(pid)) this.first.set(pid, this.started ? 0 : now);
    this.last.set(pid, now);
  }

  start(): void {
    this.started = true;
  }

  /** Reads every process seen so far again (the ones still running). */
  sample(): void {
    for (const pid of this.last.keys()) {
      const now = cpuSecondsOf(pid);
      if (now !== null) this.last.set(pid, now);
    }
  }

  seconds(): number {
    let total = 0;
    for (const [pid, last] of this.last) total += last - (this.first.get(pid) ?? last);
    return total;
  }
}

export const cores = availableParallelism();
