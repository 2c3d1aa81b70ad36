// Analyse a pasted article with the non-storing /api/extract endpoint.
"use strict";

function eventLabel(e, i) {
  return `#${i + 1} ${e.sub_event_type}`;
}

function render(out) {
  const text = out.text;
  const spans = [];
  out.events.forEach((e, i) => {
    for (const ev of e.evidence || []) spans.push({ start: ev.span[0], end: ev.span[1], cls: "ev", title: eventLabel(e, i) });
    for (const kind of ["fatalities", "injured"]) {
      for (const c of (e[kind] && e[kind].claims) || []) {
        spans.push({ start: c.span[0], end: c.span[1], cls: "claim",
          title: `${kind === "fatalities" ? "killed" : "injured"}: ${c.qualifier ? c.qualifier + " " : ""}${c.value ?? ""}${c.source ? " (" + c.source + ")" : ""}` });
      }
    }
  });
  for (const s of out.statements) spans.push({ start: s.span[0], end: s.span[1], cls: "stmt", title: `statement: ${s.speaker || "unnamed"}` });
  document.getElementById("a-highlighted").innerHTML = highlight(text, spans);

  document.getElementById("a-events").innerHTML = out.events.length ? `<table><thead><tr><th>Event</th><th>Date</th><th>Place</th><th>Actors</th><th class="num">Killed</th></tr></thead><tbody>` +
    out.events.map((e, i) => `<tr><td><span style="color:${TYPE_COLOURS[e.event_type] || "#555"}">●</span> ${esc(eventLabel(e, i))}</td>
      <td>${esc(e.date || "undated")}</td><td>${esc(e.location ? e.location.name + (e.location.country ? ", " + e.location.country : "") : "")}</td>
      <td>${esc([e.actor1 && e.actor1.name, e.actor2 && e.actor2.name].filter(Boolean).join(" vs "))}</td>
      <td class="num">${esc(e.fatalities ? figure(e.fatalities.low, e.fatalities.best, e.fatalities.high) : "")}</td></tr>`).join("") +
    "</tbody></table>" : "<p>No events found.</p>";

  const claims = [];
  out.events.forEach((e, i) => {
    for (const kind of ["fatalities", "injured"]) for (const c of (e[kind] && e[kind].claims) || []) claims.push({ c, kind, i });
  });
  document.getElementById("a-claims").innerHTML = claims.length ? "<ul>" + claims.map(({ c, kind, i }) =>
    `<li class="claim-item"><mark>${esc(c.text)}</mark> — ${kind === "fatalities" ? "killed" : "injured"} ${esc([c.qualifier, c.value].filter((x) => x != null).join(" "))}, ${c.source ? "according to " + esc(c.source) : "outlet's own voice"} (event #${i + 1})</li>`).join("") + "</ul>" : "<p>No casualty claims.</p>";

  document.getElementById("a-statements").innerHTML = out.statements.length ? "<ul>" + out.statements.map((s) =>
    `<li><strong>${esc(s.speaker || "unnamed")}</strong>${s.speaker_role ? ", " + esc(s.speaker_role) : ""}${s.via ? " (via " + esc(s.via) + ")" : ""}: ${s.direct ? "“" + esc(s.text) + "”" : esc(s.text)}</li>`).join("") + "</ul>" : "<p>No statements.</p>";
  document.getElementById("result").hidden = false;
}

document.getElementById("analyse").addEventListener("submit", async (e) => {
  e.preventDefault();
  const status = document.getElementById("a-status");
  const body = { text: document.getElementById("a-text").value };
  const published = document.getElementById("a-published").value;
  const source = document.getElementById("a-source").value.trim();
  if (published) body.published = published;
  if (source) body.source = source;
  status.textContent = "analysing…";
  try {
    const out = await api("/api/extract", {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
    });
    render(out);
    const n = out.events.reduce((k, ev) => k + ((ev.fatalities && ev.fatalities.claims.length) || 0) + ((ev.injured && ev.injured.claims.length) || 0), 0);
    status.textContent = `${out.events.length} events, ${n} claims, ${out.statements.length} statements`;
  } catch (err) {
    status.textContent = "error: " + err.message;
  }
});
