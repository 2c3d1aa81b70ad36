// Shared helpers for the sitrep dashboard pages (plain ES2020, no build step).
"use strict";

const TYPE_COLOURS = {
  "Battles": "#d62728",
  "Explosions/Remote violence": "#ff7f0e",
  "Violence against civilians": "#9467bd",
  "Protests": "#2ca02c",
  "Riots": "#8c564b",
  "Strategic developments": "#1f77b4",
};
const EVENT_TYPES = Object.keys(TYPE_COLOURS);
const FILTER_KEYS = ["since", "until", "country", "type", "actor", "text"];

function esc(value) {
  return String(value ?? "").replace(/[&<>"']/g, (c) =>
    ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

async function api(path, options) {
  const response = await fetch(path, options);
  const body = await response.json().catch(() => ({ error: response.statusText }));
  if (!response.ok) throw new Error(body.error || `HTTP ${response.status}`);
  return body;
}

function filtersFromUrl() {
  const params = new URLSearchParams(location.search);
  const out = {};
  for (const k of FILTER_KEYS) if (params.get(k)) out[k] = params.get(k);
  return out;
}

function query(filters, extra) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...filters, ...(extra || {}) })) if (v) p.set(k, v);
  return p.toString();
}

function figure(low, best, high) {
  if (best == null && low == null && high == null) return "unknown";
  if (low != null && high != null && low !== high) return `${best ?? low} (${low}–${high})`;
  if (high == null && low != null && best == null) return `at least ${low}`;
  return String(best ?? low ?? high);
}

// Text with spans highlighted: spans = [{start, end, cls, title}]; overlaps nest by
// cutting the text at every boundary and giving each piece the classes covering it.
function highlight(text, spans) {
  const cuts = new Set([0, text.length]);
  for (const s of spans) { cuts.add(s.start); cuts.add(s.end); }
  const points = [...cuts].filter((x) => x >= 0 && x <= text.length).sort((a, b) => a - b);
  let html = "";
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i], b = points[i + 1];
    const covering = spans.filter((s) => s.start <= a && b <= s.end);
    const piece = esc(text.slice(a, b));
    if (!covering.length) { html += piece; continue; }
    const classes = [...new Set(covering.map((s) => s.cls))].join(" ");
    const title = covering.map((s) => s.title).filter(Boolean).join(" · ");
    const tag = covering.some((s) => s.cls === "claim") ? "mark" : "span";
    html += `<${tag} class="${classes}" title="${esc(title)}">${piece}</${tag}>`;
  }
  return html;
}
