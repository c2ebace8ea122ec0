/** Sign-in and invitation pages (shown before anyone is signed in). */
import type { FastifyRequest } from "fastify";
import { html } from "../html.js";
import { barePage, csrfField } from "../layout.js";
import { MIN_PASSWORD_LENGTH } from "../password.js";

export function signInPage(request: FastifyRequest, o: { next: string; email?: string; error?: string }) {
  return barePage(
    "Sign in",
    html`${o.error ? html`<p class="error" role="alert">${o.error}</p>` : ""}
      <form method="post" action="/app/sign-in">
        ${csrfField(request)}
        <input type="hidden" name="next" value="${o.next}" />
        <label for="email">Email</label
        ><input
          id="email"
          name="email"
          type="email"
          autocomplete="username"
          required
          value="${o.email ?? ""}"
          autofocus
        />
        <label for="password">Password</label
        ><input id="password" name="password" type="password" autocomplete="current-password" required />
        <p><button type="submit">Sign in</button></p>
      </form>
      <p class="muted">No account? Ask an owner or admin of your team for an invitation.</p>`,
  );
}

export function invitationPage(
  request: FastifyRequest,
  o: { email: string; role: string; name?: string; error?: string },
) {
  return barePage(
    "Join your team",
    html`<p>
        You are invited as <strong>${o.role}</strong> with <strong>${o.email}</strong>. Choose a password to
        finish.
      </p>
      ${o.error ? html`<p class="error" role="alert">${o.error}</p>` : ""}
      <form method="post">
        ${csrfField(request)} <label for="name">Your name</label
        ><input id="name" name="name" autocomplete="name" value="${o.name ?? ""}" />
        <label for="password">Password (at least ${MIN_PASSWORD_LENGTH} characters)</label>
        <input
          id="password"
          name="password"
          type="password"
          autocomplete="new-password"
          minlength="${MIN_PASSWORD_LENGTH}"
          required
        />
        <label for="confirm">Password again</label
        ><input id="confirm" name="confirm" type="password" autocomplete="new-password" required />
        <p><button type="submit">Create my account</button></p>
      </form>`,
  );
}
