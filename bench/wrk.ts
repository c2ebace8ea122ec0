/**
 * wrk (Debian package `wrk`) as an HTTP load generator, chosen with `--client wrk`: a C client with a small Lua
 * hook, to check that a figure is the server's and not autocannon's (which runs in Node and parses every response
 * in JavaScript). Measured here (docs/benchmarks.md, page): on this 2-core machine it did not give the server more
 * room, so autocannon stays the default.
 */
import { execFile, execFileSync, spawn } from "node:child_process";
import { existsSync, rmSync, writeFileSync } from "node:fs";

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

/**
 * POSTs `bodies[i]` with `headers[i]` to `path` once each, in order, over `connections` (one wrk thread), and
 * stops when every one has been answered. Requests already in flight at that moment repeat the first bodies:
 * the receiver sees them as redeliveries, which is what a provider's retries look like anyway. (A wrk thread
 * that stops itself does not end the run before its duration; the script leaves a file and wrk is sent SIGINT,
 * on which it prints its figures over the time it actually ran.)
 */
export async function runWrkPosts(options: {
  base: string;
  path: string;
  bodies: readonly string[];
  headers: readonly Record<string, string>[];
  connections: number;
  scriptFile: string;
}): Promise<LoadResult> {
  // JSON string escapes are Lua's too, but for \uXXXX (LuaJIT has none): refuse what would need one.
  const lua = (value: string) => {
    const quoted = JSON.stringify(value);
    if (quoted.includes("\\u")) throw new Error("wrk bodies must not contain control characters");
    return quoted;
  };
  const requests = options.bodies
    .map((body, i) => {
      const hdrs = Object.entries(options.headers[i] ?? {})
        .map(([name, value]) => `[${lua(name)}] = ${lua(value)}`)
        .join(", ");
      return `{ ${lua(body)}, { ${hdrs} } }`;
    })
    .join(",\n");
  const doneFile = `${options.scriptFile}.done`;
  rmSync(doneFile, { force: true });
  writeFileSync(
    options.scriptFile,
    `local requests = {\n${requests}\n}
local total = #requests
local sent = 0
local answered = 0
request = function()
  local r = requests[(sent % total) + 1]
  sent = sent + 1
  return wrk.format("POST", ${lua(options.path)}, r[2], r[1])
end
response = function()
  answered = answered + 1
  if answered == total then
    local f = io.open(${lua(doneFile)}, "w")
    f:write("done")
    f:close()
    wrk.thread:stop()
  end
end
`,
  );
  const args = ["-t1", `-c${options.connections}`, "-d3600s", "--timeout", "30s", "--latency"];
  const wrk = spawn("wrk", [...args, "-s", options.scriptFile, options.base], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  wrk.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => wrk.once("exit", resolve));
  const poll = setInterval(() => {
    if (existsSync(doneFile)) wrk.kill("SIGINT");
  }, 20);
  const code = await exited;
  clearInterval(poll);
  if (!existsSync(doneFile))
    throw new Error(`wrk exited (${code}) before every request was answered:\n${output}`);
  rmSync(doneFile, { force: true });
  return parseWrk(output);
}
