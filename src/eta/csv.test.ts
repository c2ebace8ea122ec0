import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CsvRecord } from "./csv.js";
import { readCsvRecords } from "./csv.js";

async function records(chunks: string[]): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  for await (const record of readCsvRecords(chunks)) out.push(record);
  return out;
}

describe("readCsvRecords", () => {
  it("reads quoted fields with delimiters, doubled quotes and line breaks, reporting start lines", async () => {
    const text = 'a,b,c\n1,"x, y","say ""hi"""\n2,"two\nlines",z\n3,,\n';
    expect(await records([text])).toEqual([
      { line: 1, fields: ["a", "b", "c"] },
      { line: 2, fields: ["1", "x, y", 'say "hi"'] },
      { line: 3, fields: ["2", "two\nlines", "z"] },
      { line: 5, fields: ["3", "", ""] },
    ]);
  });

  it("handles CRLF, a BOM, blank lines and a last line without a line end", async () => {
    const text = "\uFEFFa,b\r\n1,2\r\n\r\n3,4";
    expect(await records([text])).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ["1", "2"] },
      { line: 4, fields: ["3", "4"] },
    ]);
  });

  it("detects semicolon and tab delimiters from the header", async () => {
    expect((await records(["a;b\n1,5;2\n"]))[1]?.fields).toEqual(["1,5", "2"]);
    expect((await records(["a\tb\n1\t2\n"]))[1]?.fields).toEqual(["1", "2"]);
  });

  it("keeps a stray quote inside an unquoted field as text", async () => {
    expect((await records(['a,b\n5" box,ok\n']))[1]?.fields).toEqual(['5" box', "ok"]);
    expect((await records(['a,b\n"ab"c,ok\n']))[1]?.fields).toEqual(["abc", "ok"]);
  });

  it("gives the same records however the text is cut into chunks (property)", async () => {
    const field = fc.oneof(
      fc.stringMatching(/^[a-z0-9 :-]{0,6}$/),
      fc.string({ maxLength: 6 }).map((s) => `"${s.replace(/"/g, '""')}"`),
    );
    const line = fc.array(field, { minLength: 1, maxLength: 4 }).map((f) => f.join(","));
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { minLength: 1, maxLength: 6 }),
        fc.constantFrom("\n", "\r\n"),
        fc.array(fc.nat(), { maxLength: 8 }),
        async (lines, eol, cuts) => {
          const text = `h1,h2\n${lines.join(eol)}${eol}`;
          const whole = await records([text]);
          const positions = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
          const chunks: string[] = [];
          let last = 0;
          for (const p of positions) {
            chunks.push(text.slice(last, p));
            last = p;
          }
          chunks.push(text.slice(last));
          expect(await records(chunks)).toEqual(whole);
        },
      ),
      { numRuns: 300 },
    );
  });
});
