// One incident: its figures, the dispute rule, and every source's claim quoted in context.
"use strict";

const DISPUTE_RULE =
  "sitrep marks an incident disputed when two sources give death tolls that cannot both be " +
  "true (one's lower bound exceeds the other's upper bound by more than 50% and by more than " +
  "5 deaths; open-ended figures such as \"at least 40\" have no upper bound), or when outlets " +
  "name different specific perpetrators, or different weapons for one bombardment (an air " +
  "strike or shelling, same day). Its best figure is the most conservative specific one " +
  "(ACLED's rule); the range shows the lowest and highest figures reported.";

function quoteHtml(claim) {
  const q = claim.quote;
  if (!q) return `<blockquote>${esc(claim.text)}</blockquote>`;
  const [a, b] = q.highlight;
  return `<blockquote>${esc(q.sentence.slice(0, a))}<mark>${esc(q.sentence.slice(a, b))}</mark>` +
    `${esc(q.sentence.slice(b))}</blockquote>`;
}

function claimLine(c) {
  const who = c.source ? `according to <strong>${esc(c.source)}</strong>` : "in the outlet's own voice";
  const bounds = c.low != null || c.high != null ? ` (bounds ${c.low ?? "?"}–${c.high ?? "open"})` : "";
  return `<p>${esc(c.kind)}: <strong>${esc([c.qualifier, c.value].filter((x) => x != null).join(" "))}</strong>${bounds}, ${who}</p>`;
}

function memberHtml(m) {
  const head = `<h3>${esc(m.outlet || "unknown outlet")}: ${esc(m.title || m.article_id)}</h3>
    <p class="status">${esc(m.published || "no date")} · reported ${esc(m.sub_event_type)}
      ${m.event_date ? "on " + esc(m.event_date) : ""} ${m.location ? "at " + esc(m.location) : ""}
      · <a href="/api/articles/${encodeURIComponent(m.article_id)}">article text (JSON)</a>
      ${m.url ? ` · <a href="${esc(m.url)}" rel="noreferrer">original</a>` : ""}</p>`;
  const claims = m.claims.length
    ? m.claims.map((c) => claimLine(c) + quoteHtml(c)).join("")
    : (m.evidence || []).map((e) => `<p>No casualty figure; evidence:</p><blockquote>${esc(e.text)}</blockquote>`).join("");
  return `<article class="source">${head}${claims}</article>`;
}

async function main() {
  const id = new URLSearchParams(location.search).get("id");
  const box = document.getElementById("incident");
  if (!id) { box.textContent = "No incident id given."; return; }
  try {
    const inc = await api("/api/incidents/" + encodeURIComponent(id));
    document.title = `sitrep — ${inc.sub_event_type}, ${inc.location || inc.country || ""}`;
    const dispute = inc.disputed
      ? `<div class="dispute" id="dispute"><strong>Disputed.</strong> ${esc(inc.dispute_reason)}<p>${esc(DISPUTE_RULE)}</p></div>`
      : `<div class="agree" id="dispute"><strong>Not disputed:</strong> the sources' figures are compatible. ${esc(DISPUTE_RULE)}</div>`;
    box.innerHTML = `
      <h2>${esc(inc.sub_event_type)} <span class="status">(${esc(inc.event_type)})</span>
        ${inc.disputed ? '<span class="badge">disputed</span>' : ""}</h2>
      <dl class="facts">
        <dt>When</dt><dd>${esc(inc.date_start || "undated")}${inc.date_end && inc.date_end !== inc.date_start ? " – " + esc(inc.date_end) : ""} (${esc(inc.date_precision || "")})</dd>
        <dt>Where</dt><dd>${esc([inc.location, inc.admin1, inc.country].filter(Boolean).join(", ") || "unknown")}</dd>
        <dt>Actors</dt><dd>${esc([inc.actor1, inc.actor2].filter(Boolean).join(" vs ") || "unknown")}</dd>
        <dt>Killed</dt><dd class="figures">${esc(figure(inc.fatalities_low, inc.fatalities_best, inc.fatalities_high))}</dd>
        <dt>Injured</dt><dd>${esc(figure(inc.injured_low, inc.injured_best, inc.injured_high))}</dd>
        <dt>Sources</dt><dd>${inc.n_sources} outlet(s), ${inc.n_articles} article(s): ${esc(inc.sources)}</dd>
      </dl>
      ${dispute}
      <h2 style="margin-top:1rem">What each source said</h2>
      <div id="sources">${inc.members.map(memberHtml).join("")}</div>`;
  } catch (e) {
    box.textContent = "Could not load the incident: " + e.message;
  }
}

main();
