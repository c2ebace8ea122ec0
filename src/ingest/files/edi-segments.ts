/**
 * A streaming X12 segment reader. The ISA header is fixed-width, so its 4th character is the element separator,
 * its 105th the component separator and its 106th the segment terminator; every segment that follows is yielded
 * with its elements and the line it starts on (files often put one segment per line, some put all on one).
 */

export interface X12Segment {
  id: string;
  /** Elements after the segment id: elements[0] is XX01. */
  elements: string[];
  line: number;
  /** Index of the segment in the interchange (1 = ISA). */
  index: number;
  raw: string;
}

export interface X12Delimiters {
  element: string;
  component: string;
  segment: string;
}

/** Reads segments from text chunks; yields an error (and stops) when the file does not start with an ISA header. */
export async function* readX12Segments(
  chunks: AsyncIterable<string | Buffer>,
): AsyncGenerator<X12Segment | { line: number; error: string }> {
  let buffer = "";
  let delimiters: X12Delimiters | null = null;
  let line = 1;
  let index = 0;
  const take = function* (text: string, startLine: number) {
    const raw = text.replace(/^[\r\n]+/, "");
    const lead = text.length - raw.length;
    const segLine = startLine + (text.slice(0, lead).match(/\n/g)?.length ?? 0);
    const trimmed = raw.trim();
    if (trimmed === "") return;
    index += 1;
    const parts = trimmed.split(delimiters!.element);
    yield {
      id: parts[0]!.toUpperCase(),
      elements: parts.slice(1),
      line: segLine,
      index,
      raw: trimmed,
    } satisfies X12Segment;
  };
  for await (const chunk of chunks) {
    buffer += typeof chunk === "string" ? chunk : chunk.toString("utf8");
    if (!delimiters) {
      const start = buffer.search(/\S/);
      if (start < 0 || buffer.length - start < 106) continue;
      if (buffer.slice(start, start + 3) !== "ISA") {
        yield { line: 1, error: "not an X12 interchange: the file does not start with an ISA segment" };
        return;
      }
      const isa = buffer.slice(start, start + 106);
      delimiters = { element: isa[3]!, component: isa[104]!, segment: isa[105]! };
    }
    let end: number;
    while ((end = buffer.indexOf(delimiters.segment)) >= 0) {
      const text = buffer.slice(0, end);
      yield* take(text, line);
      line += text.match(/\n/g)?.length ?? 0;
      buffer = buffer.slice(end + 1);
    }
  }
  if (!delimiters) {
    yield { line: 1, error: "not an X12 interchange: no complete ISA segment" };
    return;
  }
  if (buffer.trim() !== "") yield* take(buffer, line);
}
