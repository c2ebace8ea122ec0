/** Text cleanup for carrier strings (USPS embeds HTML such as "Ground Advantage<SUP>&#153;</SUP>"). */

const NAMED: Readonly<Record<string, string>> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
  reg: "®",
  trade: "™",
  copy: "©",
};

/** Removes HTML tags, decodes character references and collapses whitespace. Undefined stays undefined. */
export function plainText(value: string | undefined | null): string | undefined {
  if (value === undefined || value === null) return undefined;
  const out = value
    .slice(0, 10_000)
    .replace(/<[^<>]{0,200}>/g, "")
    .replace(/&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,6});/gi, (whole, ref: string) => {
      if (ref[0] === "#") {
        const cp = ref[1] === "x" || ref[1] === "X" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
        if (cp === 153) return "™"; // windows-1252 trademark, as USPS writes it
        return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : whole;
      }
      return NAMED[ref.toLowerCase()] ?? whole;
    })
    .replace(/\s+/g, " ")
    .trim();
  return out === "" ? undefined : out;
}
