/** Settings › Branding: edit the tracking page's colour, logo, help text and links. */
import { z } from "zod";
import { findSellerById } from "../../../db/repositories/sellers.js";
import { saveBranding } from "../../../db/repositories/dashboard-settings.js";
import { auditAsUser, redirectWithFlash, sendHtml } from "../respond.js";
import { field, fieldList, sessionOf, type DashboardDeps, type DashboardRoute } from "../route.js";
import { brandingPage, type BrandingForm } from "../views/branding-view.js";

const httpsUrl = z.url({ protocol: /^https?$/ });
const formSchema = z.object({
  primaryColor: z.string().regex(/^#[0-9a-fA-F]{6}$/, "a colour as #RRGGBB"),
  logoUrl: z.union([z.literal(""), httpsUrl]),
  helpText: z.string().max(2000),
  links: z.array(z.object({ label: z.string().min(1).max(60), url: httpsUrl })).max(10),
});

function formOf(branding: Record<string, unknown>): BrandingForm {
  const str = (v: unknown) => (typeof v === "string" ? v : "");
  const links = Array.isArray(branding.links)
    ? (branding.links as unknown[]).flatMap((l) =>
        l && typeof l === "object"
          ? [
              {
                label: str((l as Record<string, unknown>).label),
                url: str((l as Record<string, unknown>).url),
              },
            ]
          : [],
      )
    : [];
  return {
    primaryColor: str(branding.primaryColor),
    logoUrl: str(branding.logoUrl),
    helpText: str(branding.helpText),
    links,
  };
}

export function brandingRoutes(deps: DashboardDeps): DashboardRoute[] {
  return [
    {
      method: "GET",
      url: "/settings/branding",
      permission: "configure",
      async handler(request, reply) {
        const s = sessionOf(request);
        const seller = (await findSellerById(deps.db.orm, s.sellerId))!;
        return sendHtml(
          reply,
          brandingPage(request, {
            sellerName: seller.name,
            slug: seller.slug,
            form: formOf(seller.branding),
          }),
        );
      },
    },
    {
      method: "POST",
      url: "/settings/branding",
      permission: "configure",
      async handler(request, reply) {
        const s = sessionOf(request);
        const seller = (await findSellerById(deps.db.orm, s.sellerId))!;
        const labels = fieldList(request, "linkLabel");
        const urls = fieldList(request, "linkUrl");
        const form: BrandingForm = {
          primaryColor: field(request, "primaryColor"),
          logoUrl: field(request, "logoUrl"),
          helpText: field(request, "helpText"),
          links: labels
            .map((label, i) => ({ label: label.trim(), url: (urls[i] ?? "").trim() }))
            .filter((l) => l.label || l.url),
        };
        const parsed = formSchema.safeParse(form);
        if (!parsed.success) {
          const issue = parsed.error.issues[0]!;
          const error = `${issue.path.join(" ")}: ${issue.message}`;
          return sendHtml(
            reply,
            brandingPage(request, { sellerName: seller.name, slug: seller.slug, form, error }),
            400,
          );
        }
        const { logoUrl, ...rest } = parsed.data;
        const { logoUrl: _old, ...kept } = seller.branding;
        await saveBranding(deps.db, s.sellerId, { ...kept, ...rest, ...(logoUrl ? { logoUrl } : {}) });
        await auditAsUser(deps, request, {
          action: "seller.branding_updated",
          targetType: "seller",
          targetId: s.sellerId,
        });
        return redirectWithFlash(
          deps,
          reply,
          "/app/settings/branding",
          "Branding saved; the tracking page shows it now.",
        );
      },
    },
  ];
}
