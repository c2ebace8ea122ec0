/** The SSRF address table: what outgoing webhooks and helpdesk actions may and may not reach. */
import { describe, expect, it } from "vitest";
import { forbiddenAddressReason, ipv6Bytes } from "./target-address.js";
import { urlProblem } from "./outbound-http.js";

describe("forbidden target addresses", () => {
  it.each([
    ["127.0.0.1", /loopback/],
    ["127.255.0.9", /loopback/],
    ["10.0.0.5", /private/],
    ["172.16.4.4", /private/],
    ["192.168.1.1", /private/],
    ["169.254.169.254", /link-local.*metadata/],
    ["100.64.0.1", /carrier-grade NAT/],
    ["100.100.100.200", /carrier-grade NAT/], // Alibaba Cloud's metadata service
    ["0.0.0.0", /unspecified/],
    ["224.0.0.251", /multicast/],
    ["255.255.255.255", /reserved/],
    ["::", /unspecified/],
    ["::1", /loopback/],
    ["::ffff:127.0.0.1", /loopback/],
    ["::ffff:7f00:1", /loopback/], // the same, written in hex
    ["::ffff:169.254.169.254", /metadata/],
    ["64:ff9b::a9fe:a9fe", /metadata/], // NAT64 of 169.254.169.254
    ["2002:c0a8:0101::1", /private/], // 6to4 of 192.168.1.1
    ["fd00:ec2::254", /unique local/], // AWS's IPv6 metadata service
    ["fe80::1%eth0", /link-local/],
    ["ff02::1", /multicast/],
    ["2001:db8::1", /documentation/],
  ])("refuses %s", (ip, why) => {
    expect(forbiddenAddressReason(ip)).toMatch(why);
  });

  it.each(["8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"])(
    "allows the public address %s",
    (ip) => expect(forbiddenAddressReason(ip)).toBeNull(),
  );

  it("parses IPv6 forms and rejects malformed ones", () => {
    expect(ipv6Bytes("::1")).toEqual([...Array<number>(15).fill(0), 1]);
    expect(ipv6Bytes("1::2::3")).toBeNull();
    expect(ipv6Bytes("12345::")).toBeNull();
  });

  it("refuses non-http schemes and literal private hosts in URLs, unless private targets are allowed", () => {
    expect(urlProblem("ftp://example.com/x", false)).toMatch(/only http and https/);
    expect(urlProblem("file:///etc/passwd", false)).toMatch(/only http and https/);
    expect(urlProblem("http://[::ffff:127.0.0.1]:8080/x", false)).toMatch(/loopback/);
    expect(urlProblem("http://169.254.169.254/latest/meta-data", false)).toMatch(/metadata/);
    expect(urlProblem("http://127.0.0.1:8080/x", true)).toBeNull();
    expect(urlProblem("https://hooks.example.com/x", false)).toBeNull();
  });
});
