import { afterEach, describe, expect, it } from "vitest";
import { startFakeCarrier, type FakeCarrierServer } from "../shared/test-server.js";
import { createLandmarkClient, landmarkTrackRequest } from "./client.js";
import landmark from "./index.js";

let server: FakeCarrierServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const reply = (n: string) =>
  `<TrackResponse><Result><Success>true</Success><Packages><Package><LandmarkTrackingNumber>${n}</LandmarkTrackingNumber><Events><Event><Status>Item out for delivery</Status><DateTime>2025-10-02 08:15:00</DateTime><Location>Lyon, FR</Location><EventCode>300</EventCode></Event></Events></Package></Packages></Result></TrackResponse>`;

describe("Landmark client against a local Landmark-speaking server", () => {
  it("posts one XML TrackRequest per number with the login, escaping values", async () => {
    server = await startFakeCarrier((req) => ({
      headers: { "content-type": "text/xml" },
      body: reply(/<TrackingNumber>([^<]+)</.exec(req.body)?.[1] ?? ""),
    }));
    const client = createLandmarkClient({
      baseUrl: server.url,
      credentials: { username: "api<user>", password: "p&w", clientId: "1234" },
    });
    const res = await client.track(["LTN1N1", "LTN2N1"]);
    expect(server.requests.map((r) => [r.method, r.url])).toEqual([
      ["POST", "/v2/Track.php"],
      ["POST", "/v2/Track.php"],
    ]);
    expect(server.requests[0]?.body).toBe(
      landmarkTrackRequest({ username: "api<user>", password: "p&w", clientId: "1234" }, "LTN1N1"),
    );
    expect(server.requests[0]?.body).toContain(
      "<Username>api&lt;user&gt;</Username><Password>p&amp;w</Password>",
    );
    expect(landmark.parse(res.payloads[1]?.body ?? "").results[0]).toMatchObject({
      trackingNumber: "LTN2N1",
      status: "out_for_delivery",
    });
  });

  it("times out and requires credentials", async () => {
    server = await startFakeCarrier(() => ({ hang: true }));
    const client = createLandmarkClient({
      baseUrl: server.url,
      credentials: { username: "u", password: "p", clientId: "1" },
      timeoutMs: 200,
    });
    await expect(client.track(["X"])).rejects.toThrow();
    expect(() => createLandmarkClient({ credentials: { username: "u", password: "p" } })).toThrow(/clientId/);
  });
});
