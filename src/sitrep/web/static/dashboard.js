// The map, timeline and list of incidents, all driven by the filters in the URL.
"use strict";

const W = 960, H = 480;
let lastIncidents = [];
const SVGNS = "http://www.w3.org/2000/svg";
const project = (lon, lat) => [((lon + 180) / 360) * W, ((90 - lat) / 180) * H];

function el(name, attrs) {
  const node = document.createElementNS(SVGNS, name);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  return node;
}

function ringPath(ring) {
  let d = "", prev = null;
  for (const [lon, lat] of ring) {
    const [x, y] = project(lon, lat);
    // break lines that wrap around the antimeridian
    const jump = prev && Math.abs(prev - lon) > 180;
    d += (d && !jump ? "L" : "M") + x.toFixed(1) + "," + y.toFixed(1);
    prev = lon;
  }
  return d + "Z";
}

function geometryPath(g) {
  if (!g) return "";
  const polys = g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : [];
  return polys.map((p) => p.map(ringPath).join("")).join("");
}

async function drawLand() {
  const land = document.getElementById("land");
  if (typeof topojson === "undefined") {
    land.innerHTML = "";
    setStatus("map boundaries not installed (npm ci in src/sitrep/web)");
    return;
  }
  let world;
  try {
    world = await (await fetch("/vendor/world-atlas/countries-110m.json")).json();
  } catch (e) { return; }
  const countries = topojson.feature(world, world.objects.countries).features;
  for (const c of countries) {
    const name = c.properties && c.properties.name;
    const path = el("path", { d: geometryPath(c.geometry), class: "land" });
    const title = el("title"); title.textContent = name || "";
    path.appendChild(title);
    path.addEventListener("click", () => {
      zoomTo(path.getBBox());
      document.getElementById("f-country").value = name || "";
      apply();
    });
    land.appendChild(path);
  }
}

function zoomTo(box, pad) {
  const svg = document.getElementById("map-svg");
  if (!box) { svg.setAttribute("viewBox", `0 0 ${W} ${H}`); return; }
  pad = pad ?? 20;
  let w = Math.max(box.width + 2 * pad, 60), h = Math.max(box.height + 2 * pad, 30);
  if (w / h > 2) h = w / 2; else w = h * 2;
  const cx = box.x + box.width / 2, cy = box.y + box.height / 2;
  svg.setAttribute("viewBox", `${(cx - w / 2).toFixed(1)} ${(cy - h / 2).toFixed(1)} ${w.toFixed(1)} ${h.toFixed(1)}`);
}

function setStatus(text) { document.getElementById("status").textContent = text; }

async function loadIncidents(filters) {
  const items = [];
  let cursor = null;
  for (let i = 0; i < 20; i++) {
    const page = await api("/api/incidents?" + query(filters, { limit: 1000, cursor }));
    items.push(...page.items);
    cursor = page.next_cursor;
    if (!cursor) break;
  }
  return items;
}

function radius(fatalities) {
  return Math.min(3 + Math.sqrt(fatalities || 0) * 1.6, 28);
}

function drawMarkers(incidents) {
  const layer = document.getElementById("markers");
  layer.innerHTML = "";
  const sorted = [...incidents].sort((a, b) => (b.fatalities_best || 0) - (a.fatalities_best || 0));
  const located = sorted.filter((i) => i.latitude != null && i.longitude != null);
  const scale = currentScale();
  for (const inc of located) {
    const [x, y] = project(inc.longitude, inc.latitude);
    const link = el("a", { href: "/incident?id=" + encodeURIComponent(inc.id) });
    const label = `${inc.sub_event_type} in ${inc.location || inc.country}, ${inc.date_start || "undated"}` +
      `: ${inc.fatalities_best ?? "unknown"} killed; ${inc.n_sources} source(s)` + (inc.disputed ? " (disputed)" : "");
    link.setAttribute("aria-label", label);
    const c = el("circle", {
      cx: x.toFixed(2), cy: y.toFixed(2), r: (radius(inc.fatalities_best) * scale).toFixed(2),
      class: "m", fill: TYPE_COLOURS[inc.event_type] || "#555", "data-id": inc.id,
    });
    const t = el("title"); t.textContent = label; c.appendChild(t);
    link.appendChild(c);
    layer.appendChild(link);
  }
  return located;
}

function currentScale() {
  const vb = document.getElementById("map-svg").viewBox.baseVal;
  return vb && vb.width ? Math.max(vb.width / W, 0.08) : 1;
}

function drawTimeline(stats) {
  const svg = document.getElementById("timeline-svg");
  svg.innerHTML = "";
  const days = stats.by_day.filter((d) => d.day);
  document.getElementById("totals").textContent =
    `${stats.total.count} incidents, ${stats.total.fatalities} killed (best figures)` +
    (stats.by_day.length > days.length ? `; ${stats.by_day.length - days.length ? stats.by_day.find((d) => !d.day).count : 0} undated` : "");
  if (!days.length) return;
  const t = (d) => Date.parse(d.day);
  const t0 = t(days[0]), t1 = Math.max(t(days[days.length - 1]), t0 + 86400000);
  const x = (d) => 30 + ((t(d) - t0) / (t1 - t0)) * 280;
  const maxC = Math.max(...days.map((d) => d.count)), maxF = Math.max(1, ...days.map((d) => d.fatalities));
  const bw = Math.max(1.5, Math.min(8, 280 / days.length));
  svg.appendChild(text(2, 12, "incidents"));
  svg.appendChild(text(2, 112, "killed"));
  for (const d of days) {
    const hc = (d.count / maxC) * 70, hf = (d.fatalities / maxF) * 70;
    const b = el("rect", { x: x(d).toFixed(1), y: (90 - hc).toFixed(1), width: bw, height: hc.toFixed(1), class: "bar" });
    b.appendChild(Object.assign(el("title"), { textContent: `${d.day}: ${d.count} incidents` }));
    svg.appendChild(b);
    const f = el("rect", { x: x(d).toFixed(1), y: (190 - hf).toFixed(1), width: bw, height: hf.toFixed(1), class: "fbar" });
    f.appendChild(Object.assign(el("title"), { textContent: `${d.day}: ${d.fatalities} killed` }));
    svg.appendChild(f);
  }
  svg.appendChild(text(30, 102, days[0].day));
  svg.appendChild(text(250, 102, days[days.length - 1].day));
  svg.appendChild(text(2, 26, String(maxC)));
  svg.appendChild(text(2, 126, String(maxF)));
}

function text(x, y, s) { const n = el("text", { x, y }); n.textContent = s; return n; }

function drawTypes(stats) {
  const body = document.querySelector("#by-type tbody");
  body.innerHTML = stats.by_type.map((t) =>
    `<tr><td><span style="color:${TYPE_COLOURS[t.event_type] || "#555"}">●</span> ${esc(t.event_type)}</td>` +
    `<td class="num">${t.count}</td><td class="num">${t.fatalities} killed</td></tr>`).join("");
}

function drawList(incidents) {
  const body = document.querySelector("#incidents tbody");
  const rows = incidents.slice(0, 300).map((i) => `<tr>
    <td>${esc(i.date_start || "undated")}${i.date_end && i.date_end !== i.date_start ? "–" + esc(i.date_end) : ""}</td>
    <td><span style="color:${TYPE_COLOURS[i.event_type] || "#555"}">●</span> ${esc(i.sub_event_type)}</td>
    <td>${esc([i.location, i.country].filter(Boolean).join(", "))}</td>
    <td>${esc([i.actor1, i.actor2].filter(Boolean).join(" vs "))}</td>
    <td class="num">${esc(figure(i.fatalities_low, i.fatalities_best, i.fatalities_high))}</td>
    <td>${esc(i.sources)} (${i.n_articles})</td>
    <td>${i.disputed ? '<span class="badge">disputed</span> ' : ""}<a href="/incident?id=${encodeURIComponent(i.id)}">sources</a></td>
  </tr>`);
  body.innerHTML = rows.join("") ||
    '<tr><td colspan="7">No incidents match these filters.</td></tr>';
}

function fillForm(filters) {
  for (const k of FILTER_KEYS) document.getElementById("f-" + k).value = filters[k] || "";
}

function readForm() {
  const out = {};
  for (const k of FILTER_KEYS) {
    const v = document.getElementById("f-" + k).value.trim();
    if (v) out[k] = v;
  }
  return out;
}

async function apply(push = true) {
  const filters = push ? readForm() : filtersFromUrl();
  if (push) history.pushState(null, "", "/?" + query(filters));
  fillForm(filters);
  setStatus("loading…");
  const q = query(filters);
  document.getElementById("downloads").innerHTML =
    `Download: <a href="/api/incidents.csv?${q}">incidents CSV</a> · ` +
    `<a href="/api/events.csv?${q}">events CSV</a> · <a href="/api/incidents.geojson?${q}">GeoJSON</a>`;
  try {
    const [incidents, stats] = await Promise.all([loadIncidents(filters), api("/api/stats?" + q)]);
    zoomTo(null);
    if (filters.country || filters.since || filters.until) {
      const pts = incidents.filter((i) => i.latitude != null).map((i) => project(i.longitude, i.latitude));
      if (pts.length) {
        const xs = pts.map((p) => p[0]), ys = pts.map((p) => p[1]);
        const box = { x: Math.min(...xs), y: Math.min(...ys) };
        box.width = Math.max(...xs) - box.x; box.height = Math.max(...ys) - box.y;
        if (filters.country) zoomTo(box, 25);
      }
    }
    lastIncidents = incidents;
    const shown = drawMarkers(incidents);
    drawTimeline(stats);
    drawTypes(stats);
    drawList(incidents);
    setStatus(`${shown.length} on the map, ${incidents.length} incidents`);
  } catch (e) {
    setStatus("error: " + e.message);
  }
}

async function init() {
  const type = document.getElementById("f-type");
  for (const t of EVENT_TYPES) type.appendChild(new Option(t, t));
  document.getElementById("legend").innerHTML = EVENT_TYPES.map(
    (t) => `<span style="--c:${TYPE_COLOURS[t]}">${esc(t)}</span>`).join("");
  document.getElementById("filters").addEventListener("submit", (e) => { e.preventDefault(); apply(); });
  document.getElementById("reset").addEventListener("click", () => { fillForm({}); apply(); });
  document.getElementById("zoom-reset").addEventListener("click", () => { zoomTo(null); drawMarkers(lastIncidents); });
  window.addEventListener("popstate", () => apply(false));
  api("/api/stats?unit=incidents").then((s) => {
    document.getElementById("countries").innerHTML = s.by_country
      .filter((c) => c.country).map((c) => `<option value="${esc(c.country)}">${esc(c.country_code || "")}</option>`).join("");
  }).catch(() => {});
  await drawLand();
  await apply(false);
}

init();
