/** Sign-in, sign-out (here and everywhere) and accepting an invitation. */
import type { FastifyReply, FastifyRequest } from "fastify";
import { AppError } from "../../../core/errors.js";
import {
  SESSION_ABSOLUTE_MS,
  createSession,
  deleteSession,
  deleteUserSessions,
} from "../../../db/repositories/dashboard-sessions.js";
import { acceptInvitation, findOpenInvitation } from "../../../db/repositories/invitations.js";
import { createUser, recordSignIn, usersByEmail, type UserRecord } from "../../../db/repositories/users.js";
import { PRE_SESSION_COOKIE, SESSION_COOKIE, clearCookie, setCookie } from "../cookies.js";
import { hashPassword, passwordProblem, verifyPassword } from "../password.js";
import { auditAsUser, isSecure, redirectWithFlash, safeNext, sendHtml } from "../respond.js";
import { field, queryParam, sessionOf, type DashboardDeps, type DashboardRoute } from "../route.js";
import { SignInThrottle } from "../sign-in-throttle.js";
import { invitationPage, signInPage } from "../views/auth-views.js";

// Verifying against a real-looking hash when the address is unknown keeps the answer time the same, so
// timing does not reveal which addresses have accounts.
const DUMMY_HASH = hashPassword("not-a-real-password-for-timing");

async function startSession(
  deps: DashboardDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  user: UserRecord,
) {
  const { token } = await createSession(deps.db, {
    userId: user.id,
    sellerId: user.sellerId,
    ip: request.ip,
    userAgent: request.headers["user-agent"] ?? null,
  });
  await recordSignIn(deps.db, user.id);
  setCookie(reply, SESSION_COOKIE, token, {
    secure: isSecure(deps),
    maxAgeSeconds: Math.floor(SESSION_ABSOLUTE_MS / 1000),
  });
  clearCookie(reply, PRE_SESSION_COOKIE, isSecure(deps));
}

/** The routes that let people in and out. */
export function authRoutes(deps: DashboardDeps): DashboardRoute[] {
  const throttle = new SignInThrottle();
  return [
    {
      method: "GET",
      url: "/sign-in",
      permission: "public",
      async handler(request, reply) {
        const next = safeNext(queryParam(request, "next"));
        if (request.dashboard?.session) return reply.redirect(next, 303);
        return sendHtml(reply, signInPage(request, { next }));
      },
    },
    {
      method: "POST",
      url: "/sign-in",
      permission: "public",
      async handler(request, reply) {
        const email = field(request, "email").toLowerCase();
        const password = field(request, "password");
        const next = safeNext(field(request, "next"));
        const wait = throttle.retryAfterSeconds(email, request.ip);
        if (wait > 0) {
          throw new AppError("SW_ERR_RATE_LIMITED", "Too many failed sign-ins; wait a few minutes.", {
            retryAfterSeconds: wait,
          });
        }
        const candidates = email && password ? await usersByEmail(deps.db, email) : [];
        let user: UserRecord | undefined;
        for (const candidate of candidates) {
          if (await verifyPassword(password, candidate.passwordHash)) {
            // Several sellers may share a person: the most recently used account wins.
            if (!user || (candidate.lastSignInAt?.getTime() ?? 0) > (user.lastSignInAt?.getTime() ?? 0))
              user = candidate;
          }
        }
        if (candidates.length === 0) await verifyPassword(password, await DUMMY_HASH);
        if (!user) {
          throttle.recordFailure(email, request.ip);
          return sendHtml(
            reply,
            signInPage(request, { next, email, error: "The email or password is not right." }),
            401,
          );
        }
        throttle.recordSuccess(email);
        await startSession(deps, request, reply, user);
        await auditAsUser(
          deps,
          request,
          { action: "user.signed_in", targetType: "user", targetId: user.id },
          {
            userId: user.id,
            sellerId: user.sellerId,
          },
        );
        return reply.redirect(next, 303);
      },
    },
    {
      method: "POST",
      url: "/sign-out",
      permission: "signedIn",
      async handler(request, reply) {
        await deleteSession(deps.db, sessionOf(request).id);
        clearCookie(reply, SESSION_COOKIE, isSecure(deps));
        return reply.redirect("/app/sign-in", 303);
      },
    },
    {
      method: "POST",
      url: "/sign-out-everywhere",
      permission: "signedIn",
      async handler(request, reply) {
        const session = sessionOf(request);
        const ended = await deleteUserSessions(deps.db, session.userId);
        await auditAsUser(deps, request, {
          action: "user.signed_out_everywhere",
          targetType: "user",
          targetId: session.userId,
          data: { sessions: ended },
        });
        clearCookie(reply, SESSION_COOKIE, isSecure(deps));
        return reply.redirect("/app/sign-in", 303);
      },
    },
    {
      method: "GET",
      url: "/invitations/:token",
      permission: "public",
      async handler(request, reply) {
        const invitation = await findOpenInvitation(deps.db, (request.params as { token: string }).token);
        if (!invitation)
          throw new AppError("SW_ERR_NOT_FOUND", "This invitation is not valid any more; ask for a new one.");
        return sendHtml(reply, invitationPage(request, { email: invitation.email, role: invitation.role }));
      },
    },
    {
      method: "POST",
      url: "/invitations/:token",
      permission: "public",
      async handler(request, reply) {
        const invitation = await findOpenInvitation(deps.db, (request.params as { token: string }).token);
        if (!invitation)
          throw new AppError("SW_ERR_NOT_FOUND", "This invitation is not valid any more; ask for a new one.");
        const name = field(request, "name").slice(0, 120);
        const password = field(request, "password");
        const problem =
          passwordProblem(password, invitation.email) ??
          (password !== field(request, "confirm") ? "The two passwords differ." : null);
        if (problem) {
          return sendHtml(
            reply,
            invitationPage(request, { email: invitation.email, role: invitation.role, name, error: problem }),
            400,
          );
        }
        if (!(await acceptInvitation(deps.db, invitation.id))) {
          throw new AppError("SW_ERR_CONFLICT", "This invitation was just used.");
        }
        const user = await createUser(deps.db, {
          sellerId: invitation.sellerId,
          email: invitation.email,
          name,
          role: invitation.role,
          passwordHash: await hashPassword(password),
        });
        if (!user)
          throw new AppError("SW_ERR_CONFLICT", "This address already has an account here; sign in instead.");
        await startSession(deps, request, reply, user);
        await auditAsUser(
          deps,
          request,
          {
            action: "user.joined",
            targetType: "user",
            targetId: user.id,
            data: { invitationId: invitation.id, role: user.role },
          },
          { userId: user.id, sellerId: user.sellerId },
        );
        return redirectWithFlash(deps, reply, "/app", `Welcome, you joined as ${user.role}.`);
      },
    },
  ];
}
