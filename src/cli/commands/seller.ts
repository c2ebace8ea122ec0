/**
 * `shipwatch seller create | invite`: how a self-hosted installation gets its first seller, and how an owner who
 * lost access gets back in. `create` makes the seller, an admin API key (printed once) and an owner invitation
 * link: the owner opens it and chooses a name and password, so no password passes through the shell or its
 * history. `invite` prints a new invitation link for a seller (an owner locked out, with no mail server to reset
 * a password through). Both audit what they did (actor `cli`). Exit 0 on success, 1 when the seller exists or is
 * missing, 2 for usage errors.
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { loadConfig, publicUrlOf, type Config } from "../../config/index.js";
import { SELLER_SLUG } from "../../core/ids.js";
import type { Database } from "../../db/client.js";
import { generateKey, storedKeyColumns } from "../../db/repositories/api-keys.js";
import { createInvitation, INVITATION_TTL_MS } from "../../db/repositories/invitations.js";
import { findSellerBySlug } from "../../db/repositories/sellers.js";
import type { UserRole } from "../../db/repositories/users.js";
import { ROLES } from "../../web/dashboard/roles.js";
import { writeAudit } from "../../ingest/audit.js";
import { isValidTimeZone } from "../../notifications/quiet-hours.js";
import type { CliCommand, CliIO } from "../command.js";
import { withDatabase } from "../open-database.js";
import { findSellerArg } from "./seller-arg.js";

export const SELLER_USAGE = `shipwatch seller create --name NAME --owner EMAIL [--slug SLUG] [--time-zone ZONE]
shipwatch seller invite --seller SLUG|ID --email EMAIL [--role owner|admin|support|viewer]

  create     a seller, its admin API key (printed once) and a link for its owner to choose a password
    --name       the shop's name, as shoppers see it on the tracking page and in e-mails
    --owner      the owner's e-mail address (the link is printed, not sent)
    --slug       the seller's part of public URLs (/track/SLUG); default: from the name
    --time-zone  the seller's IANA time zone for the dashboard (default UTC)
  invite     a new invitation link (7 days, works once), e.g. for an owner who cannot sign in any more
    --seller     the seller's slug or id
    --email      who the link is for
    --role       default owner

Uses DATABASE_URL, or the embedded database in SHIPWATCH_DATA_DIR (stop the server first: one process per
folder). Links use SHIPWATCH_PUBLIC_URL (default http://localhost:PORT).`;

const email = z.email();

/** "Acme Outdoor & Co." → "acme-outdoor-co". */
export function slugOf(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 63)
    .replace(/-+$/, "");
}

function usage(io: CliIO, problem: string): number {
  io.stderr(`shipwatch seller: ${problem}\n${SELLER_USAGE}\n`);
  return 2;
}

const inviteLink = (config: Config, token: string) => `${publicUrlOf(config)}/app/invitations/${token}`;
const days = Math.round(INVITATION_TTL_MS / 86_400_000);

async function create(db: Database, config: Config, argv: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      name: { type: "string" },
      owner: { type: "string" },
      slug: { type: "string" },
      "time-zone": { type: "string" },
    },
  });
  const name = values.name?.trim() ?? "";
  if (!name || name.length > 100) return usage(io, "--name is required (at most 100 characters)");
  const owner = values.owner?.trim().toLowerCase() ?? "";
  if (!email.safeParse(owner).success) return usage(io, "--owner must be an e-mail address");
  const slug = values.slug ?? slugOf(name);
  if (!SELLER_SLUG.test(slug))
    return usage(io, `--slug "${slug}" is not usable: 2 to 63 of a-z, 0-9 and "-", not starting with "-"`);
  const timeZone = values["time-zone"] ?? "UTC";
  if (!isValidTimeZone(timeZone)) return usage(io, `--time-zone "${timeZone}" is not an IANA time zone`);
  if (await findSellerBySlug(db.orm, slug)) {
    io.stderr(
      `shipwatch seller: a seller with the slug "${slug}" exists already; choose another with --slug\n`,
    );
    return 1;
  }
  // One transaction: a failure leaves no seller without its key or owner link.
  const made = await db.session(async (tx) => {
    const [seller] = await tx.query<{ id: string }>(
      "INSERT INTO sellers (slug, name, settings) VALUES ($1, $2, $3::jsonb) RETURNING id",
      [slug, name, JSON.stringify({ timeZone })],
    );
    const secret = generateKey();
    const { prefix, keyHash } = storedKeyColumns(secret);
    await tx.query(
      "INSERT INTO api_keys (seller_id, name, prefix, key_hash, scopes) VALUES ($1, $2, $3, $4, $5::text[])",
      [seller!.id, "Created with the command line", prefix, keyHash, ["admin"]],
    );
    const invitation = await createInvitation(tx, {
      sellerId: seller!.id,
      email: owner,
      role: "owner",
      invitedBy: null,
    });
    await writeAudit(tx, {
      sellerId: seller!.id,
      actor: "cli",
      action: "seller.create",
      targetType: "seller",
      targetId: seller!.id,
      data: { slug, apiKeyPrefix: prefix, owner },
    });
    return { secret, invitation };
  });
  io.stdout(
    [
      `Seller "${name}" created (slug ${slug}, time zone ${timeZone}).`,
      `  Tracking page   ${publicUrlOf(config)}/track/${slug}`,
      `  Owner sign-up   ${inviteLink(config, made.invitation.token)}`,
      `                  for ${owner}: choose a name and password there (valid ${days} days, works once)`,
      `  Admin API key   ${made.secret}`,
      `                  shown once: store it now (Settings › API keys makes others, with fewer rights)`,
      "",
    ].join("\n"),
  );
  return 0;
}

async function invite(db: Database, config: Config, argv: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      seller: { type: "string" },
      email: { type: "string" },
      role: { type: "string", default: "owner" },
    },
  });
  if (!values.seller) return usage(io, "--seller is required");
  const to = values.email?.trim().toLowerCase() ?? "";
  if (!email.safeParse(to).success) return usage(io, "--email must be an e-mail address");
  const role = values.role as UserRole;
  if (!(ROLES as readonly string[]).includes(role))
    return usage(io, `--role must be one of ${ROLES.join(", ")}`);
  const seller = await findSellerArg(db, values.seller);
  if (!seller) {
    io.stderr(`shipwatch seller: no seller "${values.seller}"\n`);
    return 1;
  }
  const { token, invitation } = await db.session(async (tx) => {
    const made = await createInvitation(tx, { sellerId: seller.id, email: to, role, invitedBy: null });
    await writeAudit(tx, {
      sellerId: seller.id,
      actor: "cli",
      action: "invitation.created",
      targetType: "invitation",
      targetId: made.invitation.id,
      data: { email: to, role },
    });
    return made;
  });
  io.stdout(
    `${inviteLink(config, token)}\n  for ${invitation.email} as ${role} of ${seller.name} (valid ${days} days, works once)\n`,
  );
  return 0;
}

/** The command on an open database (tests call this with theirs). */
export async function runSeller(db: Database, config: Config, argv: string[], io: CliIO): Promise<number> {
  const [action, ...rest] = argv;
  try {
    if (action === "create") return await create(db, config, rest, io);
    if (action === "invite") return await invite(db, config, rest, io);
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS"))
      return usage(io, (error as Error).message);
    throw error;
  }
  return usage(io, action ? `unknown action "${action}"` : "say create or invite");
}

export const sellerCommand: CliCommand = {
  name: "seller",
  summary:
    "Create a seller with its owner link and admin API key, or a new invitation link (seller create|invite)",
  usage: SELLER_USAGE,
  async run(argv, io) {
    if (argv.length === 0 || argv.includes("--help") || argv.includes("-h")) {
      io.stdout(`${SELLER_USAGE}\n`);
      return argv.length === 0 ? 2 : 0;
    }
    const config = loadConfig(io.env);
    return withDatabase("seller", config, io, (db) => runSeller(db, config, argv, io));
  },
};
