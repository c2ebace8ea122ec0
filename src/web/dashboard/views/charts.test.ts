import { describe, expect, it } from "vitest";
import { barChart } from "./charts.js";

const chart = (labels: string[]) =>
  String(
    barChart(
      "On-time rate",
      labels.map((label, i) => ({ label, value: i + 1 })),
      (v) => `${v}`,
    ),
  );

describe("bar chart labels", () => {
  it("keeps short labels level under their bars", () => {
    const svg = chart(["UPS", "DHL Express", "FedEx", "USPS"]);
    expect(svg).not.toContain("rotate(");
    expect(svg).toContain('viewBox="0 0 640 200"');
    expect(svg.match(/<text [^>]*text-anchor="middle"/g)).toHaveLength(4);
  });

  it("slants labels that would overlap, every one of them, and makes room below the axis", () => {
    const lanes = ["NY", "FR-ARA", "BR-SP", "CA-ON", "US-IL", "GB-ENG", "DE-SN", "US-TX", "US-WA"].map(
      (to) => `US-KY → ${to}`,
    );
    const svg = chart(lanes);
    expect(svg.match(/transform="rotate\(-35 /g)).toHaveLength(9);
    const [, height] = /viewBox="0 0 640 (\d+)"/.exec(svg)!;
    expect(Number(height)).toBeGreaterThan(200);
    // Untrusted labels stay text.
    expect(chart(["<b>x</b>", ...lanes])).toContain("&lt;b&gt;x&lt;/b&gt;");
  });
});
