/** After delivery: a one-click 1–5 rating with an optional comment, and the seller's related products. */
import type { RelatedProduct } from "../../../db/repositories/related-products.js";
import type { OrderView } from "../model.js";
import { html, type SafeHtml } from "./html.js";
import { carriedInputs, type ViewContext } from "./layout.js";

// Forms post to the page's own URL (no action): the token stays out of the cached markup.
function stars(ctx: ViewContext, chosen: number | null): SafeHtml {
  const buttons = [1, 2, 3, 4, 5].map(
    (n) =>
      html`<button
        type="submit"
        name="rating"
        value="${n}"
        class="star${chosen !== null && n <= chosen ? " is-on" : ""}"
        ${chosen === n ? html` aria-pressed="true"` : html` aria-pressed="false"`}
      >
        <span aria-hidden="true">★</span><span class="sr-only">${ctx.t("rating.star", { n })}</span>
      </button>`,
  );
  return html`<form method="post" class="stars-form">
    ${carriedInputs(ctx)}
    <fieldset>
      <legend class="sr-only">${chosen === null ? ctx.t("rating.heading") : ctx.t("rating.change")}</legend>
      <div class="stars">${buttons}</div>
    </fieldset>
  </form>`;
}

/** The rating block of a delivered order. */
export function ratingBlock(ctx: ViewContext, order: OrderView): SafeHtml {
  const { t } = ctx;
  const rating = order.rating;
  if (!rating) {
    return html`<section class="card rating" id="rating" aria-labelledby="rating-h">
      <h2 id="rating-h">${t("rating.heading")}</h2>
      ${stars(ctx, null)}
    </section>`;
  }
  return html`<section class="card rating" id="rating" aria-labelledby="rating-h">
    <h2 id="rating-h">${t("rating.thanks")}</h2>
    <p role="status">${t("rating.yours", { n: rating.rating })}</p>
    ${stars(ctx, rating.rating)}
    ${
      rating.comment
        ? html`<p class="muted">${t("rating.commentThanks")}</p>
            <blockquote>${rating.comment}</blockquote>`
        : html`<form method="post" class="comment-form">
            ${carriedInputs(ctx)}
            <input type="hidden" name="rating" value="${rating.rating}" />
            <label for="rating-comment">${t("rating.comment")}</label>
            <textarea id="rating-comment" name="comment" rows="3" maxlength="2000"></textarea>
            <button type="submit" class="button secondary">${t("rating.commentSubmit")}</button>
          </form>`
    }
  </section>`;
}

/** Up to four products the seller configured, after delivery. */
export function relatedProducts(ctx: ViewContext, products: readonly RelatedProduct[]): SafeHtml {
  if (products.length === 0) return html``;
  return html`<section class="related" aria-labelledby="related-h">
    <h2 id="related-h">${ctx.t("related.heading")}</h2>
    <ul class="products">
      ${products.map(
        (p) =>
          html`<li>
            <a href="${p.url}" rel="noopener"
              >${p.imageUrl ? html`<img src="${p.imageUrl}" alt="" width="160" height="160" loading="lazy" />` : ""}<span
                class="title"
                >${p.title}</span
              >${p.price ? html`<span class="price">${p.price}</span>` : ""}</a
            >
          </li>`,
      )}
    </ul>
  </section>`;
}
