import { describe, expect, it } from "vitest";
import { listCarriers } from "../../carriers/registry.js";
import { carriersWithCredentialFields, credentialFields } from "./carrier-credential-fields.js";

const pollable = listCarriers().filter((c) => c.createClient);

describe("carrier credential fields", () => {
  it("covers exactly the carriers with a polling client", () => {
    expect(carriersWithCredentialFields().sort()).toEqual(pollable.map((c) => c.id).sort());
  });

  for (const adapter of pollable) {
    it(`${adapter.id}: the client starts with the required fields and refuses without each`, () => {
      const fields = credentialFields(adapter.id)!;
      const all = Object.fromEntries(fields.filter((f) => f.required).map((f) => [f.name, "x"]));
      expect(() => adapter.createClient!({ credentials: all })).not.toThrow();
      for (const f of fields.filter((f) => f.required)) {
        const { [f.name]: _dropped, ...rest } = all;
        expect(() => adapter.createClient!({ credentials: rest }), f.name).toThrow(f.name);
      }
    });
  }

  it("masks what authenticates and shows what identifies", () => {
    const ups = credentialFields("ups")!;
    expect(ups.find((f) => f.name === "clientSecret")?.secret).toBe(true);
    expect(ups.find((f) => f.name === "clientId")?.secret).toBe(false);
    expect(credentialFields("aramex")!.find((f) => f.name === "accountPin")?.secret).toBe(true);
    expect(credentialFields("nope")).toBeUndefined();
  });
});
