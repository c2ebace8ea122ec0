import { describe, expect, it } from "vitest";
import { html, raw, safeUrl } from "./html.js";

describe("html", () => {
  it("escapes every interpolated value, nested lists included, and keeps trusted markup", () => {
    const name = `<script>alert("x")</script>`;
    // One line on purpose: the expected string has no whitespace to compare against.
    const out =
      html`<p title="${name}">${name}${[html`<b>${"&"}</b>`, "'"]}${raw("<i>ok</i>")}</p>`.toString();
    expect(out).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<b>&amp;</b>&#39;<i>ok</i></p>',
    );
  });

  it("lets only http(s) and same-site paths through as links", () => {
    expect(safeUrl("javascript:alert(1)")).toBe("#");
    expect(safeUrl("//evil.example/x")).toBe("#");
    expect(safeUrl("/app/shipments/1")).toBe("/app/shipments/1");
    expect(safeUrl("https://example.com/a")).toBe("https://example.com/a");
  });
});
