/** Settings › Team: people, their roles, invitations. Only owners may touch owners; a seller keeps one owner. */
import type { FastifyReply, FastifyRequest } from "fastify";
import { publicUrlOf } from "../../../config/index.js";
import { AppError } from "../../../core/errors.js";
import {
  createInvitation,
  listOpenInvitations,
  revokeInvitation,
} from "../../../db/repositories/invitations.js";
import {
  countOwners,
  deleteUser,
  findUserByEmail,
  getUser,
  listUsers,
  setUserRole,
} from "../../../db/repositories/users.js";
import { sendInvitationEmail } from "../invitation-email.js";
import { auditAsUser, redirectWithFlash, sendHtml } from "../respond.js";
import { field, sessionOf, type DashboardDeps, type DashboardRoute } from "../route.js";
import { grantableRoles, isRole, type Role } from "../roles.js";
import { teamPage, type ShownInvitation } from "../views/team-view.js";
import { isUuid } from "../../../core/ids.js";

export function teamRoutes(deps: DashboardDeps): DashboardRoute[] {
  const { db } = deps;
  async function render(
    request: FastifyRequest,
    extra: { shown?: ShownInvitation; error?: string } = {},
    status = 200,
  ) {
    const s = sessionOf(request);
    const [users, invitations] = await Promise.all([
      listUsers(db, s.sellerId),
      listOpenInvitations(db, s.sellerId),
    ]);
    return { body: teamPage(request, { users, invitations, ...extra }), status };
  }
  /** The member `id` when the signed-in person may change them (and the seller keeps an owner). */
  async function changeable(request: FastifyRequest, newRole: Role | null) {
    const s = sessionOf(request);
    const id = (request.params as { id: string }).id;
    const target = isUuid(id) ? await getUser(db, s.sellerId, id) : undefined;
    if (!target) throw new AppError("SW_ERR_NOT_FOUND", "No such member of this team.");
    const grantable = grantableRoles(s.role);
    if (!grantable.includes(target.role) || (newRole && !grantable.includes(newRole))) {
      throw new AppError(
        "SW_ERR_ROLE_FORBIDDEN",
        "Only an owner can change an owner or make someone an owner.",
      );
    }
    if (target.role === "owner" && newRole !== "owner" && (await countOwners(db, s.sellerId)) <= 1) {
      throw new AppError(
        "SW_ERR_CONFLICT",
        "The team needs at least one owner; make someone else owner first.",
      );
    }
    return target;
  }
  /** Creates the invitation, e-mails the link (or shows it when there is no mail server), audits it. */
  async function invite(request: FastifyRequest, reply: FastifyReply, email: string, role: Role) {
    const s = sessionOf(request);
    const { token, invitation } = await createInvitation(db, {
      sellerId: s.sellerId,
      email,
      role,
      invitedBy: s.userId,
    });
    const link = `${publicUrlOf(deps.config)}/app/invitations/${token}`;
    const delivery = await sendInvitationEmail(deps.config, {
      invitationId: invitation.id,
      to: email,
      role,
      sellerName: s.sellerName,
      inviterEmail: s.email,
      link,
      expiresAt: invitation.expiresAt,
    });
    await auditAsUser(deps, request, {
      action: "invitation.created",
      targetType: "invitation",
      targetId: invitation.id,
      data: { email, role, emailed: delivery.sent },
    });
    if (delivery.sent) {
      return redirectWithFlash(
        deps,
        reply,
        "/app/settings/team",
        `Invitation e-mailed to ${email}. The link works once and expires in 7 days.`,
      );
    }
    const shown: ShownInvitation =
      delivery.reason === "no_smtp"
        ? { email, link, problem: null }
        : { email, link, problem: delivery.message };
    const page = await render(request, { shown });
    return sendHtml(reply, page.body, page.status);
  }
  return [
    {
      method: "GET",
      url: "/settings/team",
      permission: "manageTeam",
      async handler(request, reply) {
        const page = await render(request);
        return sendHtml(reply, page.body, page.status);
      },
    },
    {
      method: "POST",
      url: "/settings/team/invitations",
      permission: "manageTeam",
      async handler(request, reply) {
        const s = sessionOf(request);
        const email = field(request, "email").toLowerCase();
        const role = field(request, "role");
        let error: string | undefined;
        if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) error = "Give a valid email address.";
        else if (!isRole(role) || !grantableRoles(s.role).includes(role))
          error = "You cannot invite someone with that role.";
        else if (await findUserByEmail(db, s.sellerId, email)) error = "This person is already on the team.";
        if (error) {
          const page = await render(request, { error }, 400);
          return sendHtml(reply, page.body, page.status);
        }
        return invite(request, reply, email, role as Role);
      },
    },
    {
      method: "POST",
      url: "/settings/team/invitations/:id/resend",
      permission: "manageTeam",
      async handler(request, reply) {
        const s = sessionOf(request);
        const id = (request.params as { id: string }).id;
        // Only the token's hash is stored: sending again means a new invitation, and the old link stops working.
        const old = isUuid(id) ? await revokeInvitation(db, s.sellerId, id) : undefined;
        if (!old) throw new AppError("SW_ERR_NOT_FOUND", "No open invitation with this id.");
        if (!grantableRoles(s.role).includes(old.role))
          throw new AppError("SW_ERR_ROLE_FORBIDDEN", "Only an owner can invite an owner.");
        await auditAsUser(deps, request, {
          action: "invitation.revoked",
          targetType: "invitation",
          targetId: old.id,
          data: { reason: "sent again" },
        });
        return invite(request, reply, old.email, old.role);
      },
    },
    {
      method: "POST",
      url: "/settings/team/invitations/:id/revoke",
      permission: "manageTeam",
      async handler(request, reply) {
        const s = sessionOf(request);
        const id = (request.params as { id: string }).id;
        const revoked = isUuid(id) ? await revokeInvitation(db, s.sellerId, id) : undefined;
        if (!revoked) throw new AppError("SW_ERR_NOT_FOUND", "No open invitation with this id.");
        await auditAsUser(deps, request, {
          action: "invitation.revoked",
          targetType: "invitation",
          targetId: id,
        });
        return redirectWithFlash(
          deps,
          reply,
          "/app/settings/team",
          `Invitation for ${revoked.email} revoked.`,
        );
      },
    },
    {
      method: "POST",
      url: "/settings/team/:id/role",
      permission: "manageTeam",
      async handler(request, reply) {
        const role = field(request, "role");
        if (!isRole(role)) throw new AppError("SW_ERR_VALIDATION", "Unknown role.");
        const target = await changeable(request, role);
        await setUserRole(db, target.sellerId, target.id, role);
        await auditAsUser(deps, request, {
          action: "user.role_changed",
          targetType: "user",
          targetId: target.id,
          data: { from: target.role, to: role },
        });
        return redirectWithFlash(deps, reply, "/app/settings/team", `${target.email} is now ${role}.`);
      },
    },
    {
      method: "POST",
      url: "/settings/team/:id/remove",
      permission: "manageTeam",
      async handler(request, reply) {
        const target = await changeable(request, null);
        await deleteUser(db, target.sellerId, target.id);
        await auditAsUser(deps, request, {
          action: "user.removed",
          targetType: "user",
          targetId: target.id,
          data: { email: target.email },
        });
        return redirectWithFlash(
          deps,
          reply,
          "/app/settings/team",
          `${target.email} was removed and signed out.`,
        );
      },
    },
  ];
}
