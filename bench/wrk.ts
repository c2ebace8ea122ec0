/**
 * wrk (Debian package `wrk`) as the HTTP load generator, when it is installed. autocannon runs in Node and
 * parses every response in JavaScript: at 10,000+ requests/s it needs a core of its own and, on a 2-core machine,
 * it is often the slower half of the pair, so a server figure measured with it is partly the client's. wrk is C
 * with a small Lua hook and costs a fraction of that. Benches use wrk when it is on PATH and say which they used.
 */
import { execFile, execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

export function wrkAvailable(): boolean {
  try {
    execFileSync("wrk", ["--version"], { stdio: "ignore" });
    return true;
  } catch (error) {
    // `wrk --version` prints its banner and exits 1; only a missing binary throws ENOENT.
    return (error as NodeJS.ErrnoException).code !== "ENOENT";
  }
}

/** A wrk Lua script requesting `paths` in turn (each wrk thread cycles through all of them) with `headers`. */
function script(paths: readonly string[], headers: Record<string, string>): string {
  const list = paths.map((p) => JSON.stringify(p)).join(",\n");
  const hdrs = Object.entries(headers)
    .map(([name, value]) => `[${JSON.stringify(name)}] = ${JSON.stringify(value)}`)
    .join(", ");
  return `local paths = {\n${list}\n}
local headers = { ${hdrs} }
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1], headers)
end
`;
}

/** "1.29s", "37.28ms", "812.00us" → milliseconds. */
export function wrkDuration(text: string): number {
  const match = /^([\d.]+)(us|ms|s|m)$/.exec(text.trim());
  if (!match) throw new Error(`unexpected wrk duration ${text}`);
  const value = Number(match[1]);
  const unit = { us: 0.001, ms: 1, s: 1000, m: 60_000 }[match[2] as "us" | "ms" | "s" | "m"];
  return value * unit;
}

/** Parses `wrk --latency` output. */
export function parseWrk(output: string): LoadResult {
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(output);
  const p50 = /^\s+50%\s+(\S+)/m.exec(output);
  const p99 = /^\s+99%\s+(\S+)/m.exec(output);
  if (!rps || !p50 || !p99) throw new Error(`could not read wrk's output:\n${output}`);
  const non2xx = /Non-2xx or 3xx responses:\s+(\d+)/.exec(output);
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  return {
    rps: Math.round(Number(rps[1])),
    p50: Math.round(wrkDuration(p50[1]!) * 100) / 100,
    p99: Math.round(wrkDuration(p99[1]!) * 100) / 100,
    non2xx: non2xx ? Number(non2xx[1]) : 0,
    errors: socketErrors ? socketErrors.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0,
  };
}

/** Runs wrk with one thread (the other core is the server's) for `seconds` over `paths`. */
export function runWrk(options: {
  base: string;
  paths: readonly string[];
  connections: number;
  seconds: number;
  headers: Record<string, string>;
  scriptFile: string;
}): Promise<LoadResult> {
  writeFileSync(options.scriptFile, script(options.paths, options.headers));
  const args = [
    "-t1",
    `-c${options.connections}`,
    `-d${options.seconds}s`,
    "--latency",
    "-s",
    options.scriptFile,
    options.base,
  ];
  return new Promise((resolve, reject) => {
    execFile("wrk", args, { maxBuffer: 1 << 20 }, (error, stdout) => {
      if (error) reject(error);
      else resolve(parseWrk(stdout));
    });
  });
}
