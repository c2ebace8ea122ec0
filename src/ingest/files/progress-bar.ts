/** A progress line for long imports, on stderr: redrawn in place on a terminal, a line per 10% otherwise. */
import type { ImportProgress } from "./import-events.js";

const WIDTH = 30;

/** Returns an `onProgress` callback writing to `write`, at most every `intervalMs`. */
export function progressBar(
  write: (text: string) => void,
  isTty: boolean,
  intervalMs = 200,
): { update: (p: ImportProgress) => void; done: (p: ImportProgress) => void } {
  let last = 0;
  let lastTenth = -1;
  const render = (p: ImportProgress) => {
    const share = p.totalBytes ? Math.min(1, p.bytesRead / p.totalBytes) : 0;
    const filled = Math.round(share * WIDTH);
    const bar = p.totalBytes
      ? `[${"#".repeat(filled)}${" ".repeat(WIDTH - filled)}] ${String(Math.floor(share * 100)).padStart(3)}% `
      : "";
    return `${bar}${p.records.toLocaleString("en-US")} records, ${p.events.toLocaleString("en-US")} events, ${p.errors.toLocaleString("en-US")} errors`;
  };
  return {
    update(p) {
      const now = Date.now();
      if (isTty) {
        if (now - last < intervalMs) return;
        last = now;
        write(`\r${render(p)}`);
        return;
      }
      const tenth = p.totalBytes ? Math.floor((p.bytesRead / p.totalBytes) * 10) : -1;
      if (tenth > lastTenth) {
        lastTenth = tenth;
        write(`${render(p)}\n`);
      }
    },
    done(p) {
      write(isTty ? `\r${render(p)}\n` : `${render(p)}\n`);
    },
  };
}
