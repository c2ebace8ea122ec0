/** Formatting shared by dashboard views: times in the seller's zone, ages, status badges, numbers. */
import { STATUS_TABLE, isStatus } from "../../../core/status.js";
import { html, type Html } from "../html.js";

/** "21 Nov 14:05" in the given time zone (falls back to UTC for an unknown zone). */
export function formatTime(at: Date | null | undefined, timeZone: string): string {
  if (!at) return "—";
  const options: Intl.DateTimeFormatOptions = {
    day: "2-digit",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  };
  try {
    return new Intl.DateTimeFormat("en-GB", { ...options, timeZone }).format(at);
  } catch {
    return new Intl.DateTimeFormat("en-GB", { ...options, timeZone: "UTC" }).format(at);
  }
}

/** How long ago, coarsely: "5 min", "3 h", "2 d". */
export function age(at: Date | null | undefined, now = Date.now()): string {
  if (!at) return "—";
  const minutes = Math.max(0, Math.round((now - at.getTime()) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} d`;
}

/** A span of minutes in the unit a person reads it in: "45\u00a0min", "6\u00a0h", "4.5\u00a0d". */
export function minutesSpan(minutes: number): string {
  if (minutes < 120) return `${Math.round(minutes)}\u00a0min`;
  if (minutes < 48 * 60) return `${Math.round(minutes / 60)}\u00a0h`;
  return `${(minutes / 1440).toFixed(1)}\u00a0d`;
}

export function statusLabel(status: string | null | undefined): string {
  if (!status) return "—";
  return isStatus(status) ? STATUS_TABLE[status].shopperLabel : status.replace(/_/g, " ");
}

/** A coloured status pill with the normalized status as its class and the human label as its text. */
export function statusBadge(status: string | null | undefined, substatus?: string | null): Html {
  const css = /^[a-z_]+$/.test(status ?? "") ? status! : "";
  return html`<span class="badge ${css}" title="${status ?? ""}${substatus ? ` / ${substatus}` : ""}"
    >${statusLabel(status)}${substatus ? html` · ${substatus.replace(/_/g, " ")}` : ""}</span
  >`;
}

export function kindBadge(kind: string): Html {
  const css = /^[a-z_]+$/.test(kind) ? kind : "";
  return html`<span class="badge ${css}">${kind.replace(/_/g, " ")}</span>`;
}

/**
 * A wide table in its own horizontal scroller, so a phone scrolls the table and not the page; the scroller is a
 * named, focusable region so a keyboard can scroll it too.
 */
export function scrollRegion(label: string, content: Html): Html {
  return html`<div class="scroll" tabindex="0" role="region" aria-label="${label}">${content}</div>`;
}

/** A table of rows in a named scroll region (wide tables scroll by themselves on a phone), or the empty text. */
export function list<T>(
  label: string,
  rows: readonly T[],
  empty: string,
  head: Html,
  row: (r: T) => Html,
): Html {
  return rows.length === 0
    ? html`<p class="empty">${empty}</p>`
    : scrollRegion(
        label,
        html`<table>
          <thead>
            ${head}
          </thead>
          <tbody>
            ${rows.map(row)}
          </tbody>
        </table>`,
      );
}

export function percent(part: number, whole: number): string {
  return whole > 0 ? `${((100 * part) / whole).toFixed(1)} %` : "—";
}
