/**
 * Tracking-page throughput: requests per second and p99 latency for signed-link order pages over N shipments
 * (10,000; 1,500 with --quick) at 100 concurrent connections, against a hello-world route of the same server in
 * the same run. The server runs in a child process (bench/page-server.ts); requests look like a browser's
 * (gzip, Accept-Language) and cycle through every order once per N requests. Also reports the cold render rate
 * (first visit of every page) and the page weight (HTML + CSS + JS).
 *
 *   node bin/run-ts.js bench/page.ts [--quick] [--profile] [--client autocannon]
 *
 * Ends with one `BENCH {json}` line; ratio = page requests per second / hello-world requests per second.
 */
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { get } from "node:http";
import autocannon from "autocannon";
import { runWrk, wrkAvailable, type LoadResult } from "./wrk.js";

const quick = process.argv.includes("--quick");
// The load generator: wrk (Debian's `wrk`, C) when installed, else autocannon; `--client autocannon` forces it.
// autocannon builds each request of a cycling URL list in JavaScript, in the one thread it has: with hello-world
// at ~55k requests/s, a CPU profile of the server showed it idle 55% of the tracking-page run — the figure was
// autocannon's, not the server's. wrk keeps the server busy on both routes.
const clientArg = process.argv.includes("--client")
  ? process.argv[process.argv.indexOf("--client") + 1]
  : "wrk";
const client = clientArg === "wrk" && wrkAvailable() ? "wrk" : "autocannon";
const SHIPMENTS = quick ? 1_500 : 10_000;
const DURATION_S = quick ? 5 : 20;
const CONNECTIONS = 100;
const HEADERS = { "accept-encoding": "gzip, deflate, br", "accept-language": "en-US,en;q=0.9" };

mkdirSync(".tmp", { recursive: true });
const child = spawn(
  process.execPath,
  [
    // `--profile` writes a V8 CPU profile of the server to .tmp/ (open it in Chrome DevTools).
    ...(process.argv.includes("--profile") ? ["--cpu-prof", "--cpu-prof-dir=.tmp"] : []),
    "bin/run-ts.js",
    "bench/page-server.ts",
    String(SHIPMENTS),
    ".tmp/bench-page-urls.json",
  ],
  {
    stdio: ["ignore", "pipe", "inherit"],
  },
);
const ready = await new Promise<{ port: number; urlsFile: string; orders: number; shipments: number }>(
  (resolve, reject) => {
    let buffer = "";
    child.stdout.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      const line = buffer.split("\n").find((l) => l.startsWith("{"));
      if (line) resolve(JSON.parse(line));
    });
    child.on("exit", (code) => reject(new Error(`bench server exited with ${code}`)));
  },
);
const base = `http://127.0.0.1:${ready.port}`;
const urls = JSON.parse(readFileSync(ready.urlsFile, "utf8")) as string[];

type Result = autocannon.Result;
function run(options: {
  path?: string;
  cycle?: boolean;
  duration?: number;
  amount?: number;
}): Promise<Result> {
  let next = 0;
  return autocannon({
    url: `${base}${options.path ?? urls[0]}`,
    connections: CONNECTIONS,
    headers: HEADERS,
    ...(options.amount ? { amount: options.amount } : { duration: options.duration ?? DURATION_S }),
    ...(options.cycle
      ? {
          requests: [
            {
              setupRequest: (req: Record<string, unknown>) => ({ ...req, path: urls[next++ % urls.length] }),
            },
          ],
        }
      : {}),
  });
}
const summary = (r: Result): LoadResult => ({
  rps: Math.round(r.requests.average),
  p50: r.latency.p50,
  p99: r.latency.p99,
  non2xx: r.non2xx,
  errors: r.errors,
});
/** A timed run over `paths` with the chosen load generator. */
const measure = async (paths: readonly string[]): Promise<LoadResult> =>
  client === "wrk"
    ? runWrk({
        base,
        paths,
        connections: CONNECTIONS,
        seconds: DURATION_S,
        headers: HEADERS,
        scriptFile: ".tmp/bench-page.lua",
      })
    : summary(await run(paths.length === 1 ? { path: paths[0] } : { cycle: true }));

await run({ path: "/bench/hello", duration: 1 }); // warm-up of the JIT and sockets
const hello = await measure(["/bench/hello"]);
const coldStart = Date.now();
const cold = await run({ cycle: true, amount: urls.length });
const coldPerS = Math.round(urls.length / ((Date.now() - coldStart) / 1000));
const pages = await measure(urls);

const sample = await fetch(`${base}${urls[3]}`, { headers: HEADERS });
const html = await sample.text();
const asset = async (re: RegExp) => (await fetch(`${base}${html.match(re)![1]}`)).arrayBuffer();
const css = await asset(/href="(\/track\/_assets\/[^"]+\.css)"/);
const js = await asset(/src="(\/track\/_assets\/[^"]+\.js)"/);
const gz = await new Promise<Buffer>((resolve, reject) => {
  get(`${base}${urls[3]}`, { headers: HEADERS }, (res) => {
    const chunks: Buffer[] = [];
    res.on("data", (c: Buffer) => chunks.push(c));
    res.on("end", () => resolve(Buffer.concat(chunks)));
  }).on("error", reject);
});
const pageBytes = Buffer.byteLength(html) + css.byteLength + js.byteLength;
child.kill("SIGTERM");

const ratio = Math.round((pages.rps / hello.rps) * 100) / 100;
console.log(
  `shipments ${ready.shipments} on ${ready.orders} orders, ${CONNECTIONS} connections, ${DURATION_S}s per run, client ${client}`,
);
console.log(`hello world     ${hello.rps} req/s   p50 ${hello.p50} ms   p99 ${hello.p99} ms`);
console.log(
  `tracking pages  ${pages.rps} req/s   p50 ${pages.p50} ms   p99 ${pages.p99} ms   (non-2xx ${pages.non2xx}, errors ${pages.errors})`,
);
console.log(
  `first visits    ${coldPerS} pages/s (every page rendered once; cold cache; non-2xx ${cold.non2xx})`,
);
console.log(
  `page weight     ${(pageBytes / 1024).toFixed(1)} KB uncompressed (HTML ${(Buffer.byteLength(html) / 1024).toFixed(1)} KB + CSS + JS), HTML on the wire ${(gz.length / 1024).toFixed(1)} KB`,
);
console.log(`ratio           ${ratio} of hello-world throughput`);
console.log(
  `BENCH ${JSON.stringify({
    bench: "page",
    engine: "pglite",
    client,
    shipments: ready.shipments,
    connections: CONNECTIONS,
    pages_per_s: pages.rps,
    p99_ms: pages.p99,
    cold_pages_per_s: coldPerS,
    page_kb: Math.round(pageBytes / 102.4) / 10,
    baseline: "hello",
    baseline_per_s: hello.rps,
    baseline_p99_ms: hello.p99,
    ratio,
  })}`,
);
