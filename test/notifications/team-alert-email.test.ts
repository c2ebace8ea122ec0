/** The team's digest e-mail: counts per kind in the subject, each alert linked, an outage's tail in one line. */
import { describe, expect, it } from "vitest";
import { renderTeamDigest } from "../../src/notifications/team-alert-email.js";

const alert = (kind: string, n: number) => ({
  shipmentId: `00000000-0000-0000-0000-${String(n).padStart(12, "0")}`,
  context: {
    alertKind: kind,
    orderNumber: n === 1 ? "<script>x</script>" : `SW-${n}`,
    carrier: "dhl_express",
    trackingNumber: `TN${n}`,
    status: "in_transit",
    substatus: "arrived_at_facility",
    severity: "warning",
  },
});

describe("the team's alert digest", () => {
  it("counts the kinds, lists each alert, and links the rest of a long kind to the queue", () => {
    const alerts = [
      ...Array.from({ length: 30 }, (_, i) => alert("stalled", i + 1)),
      alert("late", 31),
      alert("late", 32),
    ];
    const m = renderTeamDigest("Acme\r\nBcc: x@evil.example", alerts, "https://sw.example.com/");
    expect(m.subject).toBe("[Acme Bcc: x@evil.example] 32 new alerts – 30 stalled, 2 late");
    const lines = m.text.split("\n");
    expect(lines[0]).toBe("32 new alerts");
    expect(lines).toContain("Stalled: no carrier scan for longer than usual (30)");
    expect(lines.filter((l) => l.startsWith("- Order SW-"))).toHaveLength(24 + 2);
    expect(m.text).toContain("- Order SW-2 · DHL Express TN2 · in_transit (arrived_at_facility) · warning");
    expect(m.text).toContain("https://sw.example.com/app/shipments/00000000-0000-0000-0000-000000000002");
    expect(m.text).toContain("- and 5 more: https://sw.example.com/app/exceptions?kind=stalled&state=active");
    expect(m.text).not.toContain("TN26");
    expect(m.text).toContain("TN32");
    // What came from outside is text in the HTML version.
    expect(m.html).not.toContain("<script>x</script>");
    expect(m.html).toContain("&lt;script&gt;x&lt;/script&gt;");
    expect(m.html).toContain(
      'href="https://sw.example.com/app/exceptions?kind=stalled&amp;state=active">and 5 more<',
    );
  });
});
