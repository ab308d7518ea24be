// The hms dashboard: the live tree (from /v1/health, refreshed on every
// event of /v1/events), an event timeline, fault injection, a plan panel
// that verifies with the wasm prover when the daemon serves it (/wasm/),
// falling back to the daemon's prover and saying so, and an adaptive-trial
// panel (operating characteristics, one trial charted).

const $ = (id) => document.getElementById(id);
// The daemon takes request bodies only as JSON (a text/plain body is what a cross-site form would send).
const JSON_BODY = { "Content-Type": "application/json" };
let wasm = null;

async function loadWasm() {
  try {
    const mod = await import("/wasm/hms_wasm.js");
    await mod.default("/wasm/hms_wasm_bg.wasm");
    wasm = mod;
    $("engine").textContent = `Verifying in the browser with the wasm prover ${mod.version()}.`;
  } catch (e) {
    $("engine").textContent = "The wasm build is not available here: verifications use the daemon's prover.";
  }
}

function flatten(node, depth, out) {
  out.push([node, depth]);
  for (const c of node.children || []) flatten(c, depth + 1, out);
  return out;
}

async function refresh() {
  const res = await fetch("/v1/health");
  if (!res.ok) return;
  const h = await res.json();
  $("health").textContent = h.status;
  $("health").className = `status ${h.status}`;
  $("rule").textContent = h.rule;
  const body = $("tree").querySelector("tbody");
  body.replaceChildren();
  for (const [n, depth] of flatten(h.root, 0, [])) {
    const tr = document.createElement("tr");
    tr.dataset.actor = n.name;
    const p99 = n.latency_p99_us != null ? `${(n.latency_p99_us / 1000).toFixed(2)} ms` : "";
    // Names come from the tree (agents are named by their clients): text, never markup.
    const cells = [
      [n.name, ""], [n.status, `node-${n.status}`], [n.restarts.total, "restarts"],
      [n.mailbox_depth, ""], [n.in_flight, ""], [p99, ""],
    ];
    for (const [text, cls] of cells) {
      const td = document.createElement("td");
      td.textContent = String(text);
      if (cls) td.className = cls;
      tr.append(td);
    }
    tr.firstChild.style.paddingLeft = `${depth * 14 + 6}px`;
    const act = document.createElement("td");
    if (n.kind === "worker") {
      const b = document.createElement("button");
      b.textContent = "panic";
      b.title = `inject panic_next into ${n.name}`;
      b.onclick = () => inject(n.name);
      act.append(b);
    }
    tr.append(act);
    body.append(tr);
  }
}

async function inject(actor) {
  const res = await fetch("/v1/faults", {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${$("token").value}` },
    body: JSON.stringify({ actor, fault: { fault: "panic_next" } }),
  });
  const body = await res.json();
  log(res.ok ? `injected panic_next into ${actor}` : `fault refused: ${body.detail}`, res.ok ? "fault" : "failed");
  // The panic happens on the actor's next message: send it one when it takes JSON.
  const probe = { prover: { type: "verify_treatment_plan", plan: { treatment_plan: [] }, patient: {} }, coordinator: { type: "ping" }, self_healer: { type: "recoveries" } }[actor];
  if (res.ok && probe) await fetch(`/v1/actors/${actor}/call`, { method: "POST", headers: JSON_BODY, body: JSON.stringify(probe) });
}

function log(text, kind) {
  const line = document.createElement("div");
  line.className = `ev-${kind}`;
  line.textContent = `${new Date().toLocaleTimeString()} ${text}`;
  $("timeline").prepend(line);
}

function listen() {
  const es = new EventSource("/v1/events");
  es.addEventListener("supervision", (e) => {
    const ev = JSON.parse(e.data);
    log(`${ev.supervisor} › ${ev.child}: ${ev.event}${ev.reason ? ` (${JSON.stringify(ev.reason)})` : ""}`, ev.event);
    refresh();
  });
  es.addEventListener("healing", (e) => {
    const ev = JSON.parse(e.data);
    if (ev.event === "recovery") {
      const text = `self-healer: ${ev.component} — ${ev.strategy} decided by ${ev.decided_by}, ${ev.confirmed ? "recovered" : "not confirmed"}`;
      log(text, "healing");
      $("healer").textContent = text;
    } else {
      log(`self-healer healed data: ${ev.provenance.length} change(s)`, "healing");
    }
  });
}

function show(report, where) {
  const box = $("verdicts");
  box.replaceChildren();
  const head = document.createElement("p");
  const strong = document.createElement("strong");
  strong.className = `verdict-${report.status}`;
  strong.textContent = report.status;
  const note = document.createElement("span");
  note.className = "note";
  note.textContent = `(${where})`;
  head.append(strong, " ", note);
  box.append(head);
  if (report.error) {
    head.textContent = `bad input at ${report.error.path || "(root)"}: ${report.error.message}`;
    return;
  }
  for (const v of report.verdicts) {
    const d = document.createElement("div");
    d.className = "verdict";
    const ce = v.evidence.counterexample;
    const missing = v.evidence.missing ? `missing: ${v.evidence.missing.join(", ")}` : "";
    const detail = ce ? `${ce.field} = ${JSON.stringify(ce.value)} breaks ${ce.bound}` : [missing, v.evidence.note].filter(Boolean).join("; ");
    const status = document.createElement("span");
    status.className = `verdict-${v.status}`;
    status.textContent = v.status;
    const property = document.createElement("code");
    property.textContent = v.property;
    const sources = document.createElement("div");
    sources.className = "note";
    sources.textContent = cited(v.sources);
    // Evidence echoes the caller's data: text nodes, never markup.
    d.append(status, " ", property, v.subject ? ` ${v.subject}` : "", ` — ${detail}`, sources);
    box.append(d);
  }
}

// One line per document, its sections after it; unverified sections marked.
function cited(sources) {
  const byDocument = new Map();
  for (const s of sources) {
    const sections = byDocument.get(s.citation) || [];
    if (s.section) sections.push(s.verified ? s.section : `${s.section} (not verified)`);
    byDocument.set(s.citation, sections);
  }
  return [...byDocument].map(([citation, sections]) => (sections.length ? `${citation}: ${[...new Set(sections)].join("; ")}` : citation)).join(" | ");
}

async function viaDaemon() {
  const res = await fetch("/v1/actors/prover/call", {
    method: "POST",
    headers: JSON_BODY,
    body: JSON.stringify({ type: "verify_treatment_plan", plan: JSON.parse($("plan").value), patient: JSON.parse($("patient").value) }),
  });
  return res.json();
}

$("verify").onclick = async () => {
  if (wasm) show(JSON.parse(wasm.verify_treatment_plan($("plan").value, $("patient").value)), "wasm prover, in this browser");
  else show(await viaDaemon(), "the daemon's prover (no wasm build here)");
};
// The same JSON whatever the key order (the daemon's replies pass through a sorted map).
const canonical = (v) =>
  Array.isArray(v) ? v.map(canonical)
  : v && typeof v === "object" ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical(v[k])]))
  : v;

$("crosscheck").onclick = async () => {
  const daemon = await viaDaemon();
  if (!wasm) return show(daemon, "the daemon's prover (no wasm build to compare)");
  const local = JSON.parse(wasm.verify_treatment_plan($("plan").value, $("patient").value));
  const same = JSON.stringify(canonical(local)) === JSON.stringify(canonical(daemon));
  show(daemon, same ? "daemon and browser agree" : "daemon and browser DISAGREE");
};

// Adaptive trials: operating characteristics as a table, one trial as a
// chart (posterior means with 95% credible intervals and the allocation at
// every analysis). Arms are named by the therapy they stand for; every value
// from the request is set as text, never as markup.
const label = (arm) => (arm.therapy.toLowerCase() === arm.id.toLowerCase() ? arm.therapy : `${arm.therapy} (${arm.id})`);
const pct = (v) => (v == null ? "–" : v.toFixed(3));

async function callProver(message) {
  const res = await fetch("/v1/actors/prover/call", { method: "POST", headers: JSON_BODY, body: JSON.stringify(message) });
  const body = await res.json();
  if (!res.ok) throw new Error(`${body.path ? `${body.path}: ` : ""}${body.detail || body.title || res.status}`);
  return body;
}

function trialRequest() {
  try {
    return JSON.parse($("trial").value);
  } catch (e) {
    throw new Error(`the request is not JSON: ${e.message}`);
  }
}

function cell(row, text, tag = "td") {
  const c = document.createElement(tag);
  c.textContent = text;
  row.append(c);
}

function showCharacteristics(oc) {
  const out = $("trial-out");
  out.replaceChildren();
  const table = document.createElement("table");
  table.id = "oc-table";
  const head = document.createElement("tr");
  for (const h of ["scenario", "type I error", "P(correct selection)", "E[patients]", "E[weeks]", "arm", "true rate", "P(selected)", "P(superior)", "P(dropped)", "E[n]", "bias", "95% CrI coverage"]) cell(head, h, "th");
  table.append(head);
  for (const s of oc.scenarios) {
    s.arms.forEach((a, i) => {
      const row = document.createElement("tr");
      row.dataset.scenario = s.scenario;
      const first = i === 0;
      cell(row, first ? s.scenario : "");
      cell(row, first ? pct(s.type_i_error) : "");
      cell(row, first ? pct(s.p_correct_selection) : "");
      cell(row, first ? s.patients.mean.toFixed(1) : "");
      cell(row, first ? s.weeks.mean.toFixed(1) : "");
      cell(row, label(oc.design.arms[i]));
      cell(row, a.true_rate.toFixed(2));
      cell(row, pct(a.p_selected));
      cell(row, pct(a.p_superior));
      cell(row, pct(a.p_dropped));
      cell(row, a.patients.mean.toFixed(1));
      cell(row, a.bias.toFixed(4));
      cell(row, pct(a.coverage_95));
      table.append(row);
    });
  }
  const note = document.createElement("p");
  note.className = "note";
  note.textContent = `${oc.trials} simulated trials per scenario, seed ${oc.seed}. ${oc.method}`;
  out.append(table, note);
}

const SVG = "http://www.w3.org/2000/svg";
const COLORS = ["#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b2", "#937860"];

function svg(tag, attrs, text) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text != null) e.textContent = text;
  return e;
}

// One panel: a value in [0, 1] per arm at every analysis, optional intervals.
function panel(looks, arms, value, interval, title, height) {
  const width = 560, left = 44, right = 150, top = 22, bottom = 30;
  const g = svg("svg", { width, height, "data-panel": title });
  if (!looks.length) {
    g.append(svg("text", { x: 4, y: 14, "font-size": 12 }, `${title}: none (the trial stopped at its first analysis)`));
    return g;
  }
  const xs = looks.map((l) => l.with_outcome);
  const xmax = Math.max(...xs), xmin = Math.min(0, ...xs);
  const x = (v) => left + ((v - xmin) / (xmax - xmin || 1)) * (width - left - right);
  const y = (v) => top + (1 - v) * (height - top - bottom);
  g.append(svg("text", { x: 4, y: 14, "font-size": 12 }, title));
  for (const t of [0, 0.5, 1]) {
    g.append(svg("line", { x1: left, x2: width - right, y1: y(t), y2: y(t), stroke: "#eef0f3" }));
    g.append(svg("text", { x: 8, y: y(t) + 4, "font-size": 10 }, t.toFixed(1)));
  }
  arms.forEach((arm, i) => {
    const color = COLORS[i % COLORS.length];
    const shift = (i - (arms.length - 1) / 2) * 4;
    const points = looks.map((l) => `${x(l.with_outcome) + shift},${y(value(l.arms[i]))}`).join(" ");
    g.append(svg("polyline", { points, fill: "none", stroke: color, "stroke-width": 1.5 }));
    looks.forEach((l) => {
      const a = l.arms[i];
      const cx = x(l.with_outcome) + shift;
      if (interval) g.append(svg("line", { x1: cx, x2: cx, y1: y(interval(a)[0]), y2: y(interval(a)[1]), stroke: color }));
      g.append(svg("circle", { cx, cy: y(value(a)), r: 3, fill: color }));
    });
    g.append(svg("text", { x: width - right + 8, y: top + 14 * i + 8, "font-size": 11, fill: color }, label(arm)));
  });
  for (const l of looks) g.append(svg("text", { x: x(l.with_outcome) - 8, y: height - 10, "font-size": 10 }, String(l.with_outcome)));
  return g;
}

function showTrial(report) {
  const out = $("trial-out");
  out.replaceChildren();
  const arms = report.design.arms;
  const head = document.createElement("p");
  head.id = "trial-summary";
  const selected = report.selected == null ? "none" : label(arms.find((a) => a.id === report.selected));
  head.textContent = `Stopped: ${report.stop} after ${report.looks.length} analyses, week ${report.weeks.toFixed(1)}; recommended: ${selected}; patients ${report.randomized.join(" / ")}.`;
  const endpoint = report.design.endpoint;
  out.append(
    head,
    panel(report.looks, arms, (a) => a.mean, (a) => a.ci95, `${endpoint.name} at week ${endpoint.week}: posterior mean, 95% CrI`, 220),
    // After the analysis that stops the trial nobody is allocated: not drawn.
    panel(report.looks.filter((l) => l.stop == null), arms, (a) => a.allocation, null, "allocation after each analysis (x: patients with outcome)", 180),
  );
}

async function runTrial(kind) {
  const out = $("trial-out");
  try {
    const request = trialRequest();
    if (kind === "oc") {
      showCharacteristics(await callProver({ type: "trial_operating_characteristics", ...request }));
    } else {
      const scenario = request.scenarios[request.scenarios.length - 1];
      showTrial(await callProver({ type: "simulate_trial", design: request.design, rates: scenario.rates, seed: request.seed ?? 0 }));
    }
  } catch (e) {
    out.replaceChildren();
    const p = document.createElement("p");
    p.className = "verdict-violated";
    p.id = "trial-error";
    p.textContent = e.message;
    out.append(p);
  }
}
// The latest results the visualization published (journaled: needs the token).
// The nodes this daemon knows (GET /v1/cluster): names and reasons come from
// other processes, so everything is set as text.
async function refreshCluster() {
  const res = await fetch("/v1/cluster");
  if (!res.ok) return;
  const c = await res.json();
  const body = $("cluster").querySelector("tbody");
  body.replaceChildren();
  if (!c.clustered) {
    $("cluster-note").textContent = "One node: this daemon's configuration has no [cluster].";
    return;
  }
  const down = c.nodes.filter((n) => n.state !== "up").length;
  $("cluster-note").textContent =
    `${c.nodes.length} nodes, ${down} down; down after ${c.down_after_ms} ms without a heartbeat` +
    (c.refused_connections ? `; ${c.refused_connections} connections refused` : "");
  for (const n of c.nodes) {
    const tr = document.createElement("tr");
    tr.dataset.node = n.node;
    const heard = n.self ? "" : `${n.last_heard_ms} ms ago`;
    const state = n.state === "up" ? "up" : `down: ${n.reason ?? ""}`;
    const actors = Array.isArray(n.actors) ? n.actors.filter((a) => !/^checker-|^island-/.test(a)) : [];
    // This node's islands placed there, and (on this node's row) the islands it hosts for others.
    const islands = (c.islands ?? []).filter((i) => i.node === n.node).map((i) => i.island);
    const runs = [actors.join(", ")];
    if (islands.length) runs.push(`islands of ${c.node}: ${islands.join(", ")}`);
    if (n.self && c.guests?.length) runs.push(`hosting ${c.guests.map((g) => `${g.island} of ${g.owner}`).join(", ")}`);
    const cells = [
      [n.self ? `${n.node} (this node)` : n.node, ""], [state, `node-${n.state}`],
      [String(n.incarnation), ""], [heard, ""], [n.http ?? "", ""], [runs.join("; "), "actors"],
    ];
    for (const [text, cls] of cells) {
      const td = document.createElement("td");
      td.textContent = text;
      if (cls) td.className = cls;
      tr.append(td);
    }
    body.append(tr);
  }
}

async function showPublished() {
  const out = $("published");
  out.replaceChildren();
  const note = (text) => {
    const p = document.createElement("p");
    p.className = "note";
    p.textContent = text;
    out.append(p);
  };
  const token = $("token").value;
  const res = await fetch("/v1/trials/results/latest", token ? { headers: { Authorization: `Bearer ${token}` } } : {});
  if (res.status === 404) return note("Nothing published yet.");
  if (!res.ok) return note(`${res.status}: ${(await res.json().catch(() => ({}))).detail ?? "not available"}`);
  const record = await res.json();
  const { name, results, charts } = record.data;
  const report = results?.trial;
  const title = document.createElement("h3");
  title.id = "published-name";
  const state = report?.stop ? `stopped (${report.stop})` : "running";
  title.textContent = `${name}: ${state}, published ${new Date(record.at_ms).toISOString()}`;
  out.append(title);
  // The daemon checks the charts, not the shape of the results: show what is there.
  const looks = Array.isArray(report?.looks) ? report.looks : [];
  const arms = Array.isArray(report?.design?.arms) ? report.design.arms : [];
  const last = looks[looks.length - 1];
  const fixed = (x) => (typeof x === "number" ? x.toFixed(2) : "?");
  if (!last || !arms.length) note("These results hold no analysis to show.");
  const table = document.createElement("table");
  table.id = "published-arms";
  for (const [i, arm] of (last ? arms : []).entries()) {
    const a = last.arms?.[i] ?? {};
    const ci = Array.isArray(a.ci95) ? `[${fixed(a.ci95[0])}, ${fixed(a.ci95[1])}]` : "";
    const tr = document.createElement("tr");
    for (const text of [String(arm.id), String(arm.therapy ?? ""), fixed(a.mean), ci, String(a.status ?? "")]) {
      const td = document.createElement("td");
      td.textContent = text;
      tr.append(td);
    }
    table.append(tr);
  }
  out.append(table);
  for (const [arm, why] of Object.entries(results?.arms_left_out ?? {})) note(`${arm} left out: ${why}`);
  for (const [arm, why] of Object.entries(results?.arms_provisional ?? {})) note(`${arm} runs provisionally: ${why}`);
  for (const c of charts ?? []) {
    const img = document.createElement("img");
    img.alt = c.name;
    img.style.maxWidth = "48%";
    // The daemon checked these are PNG images.
    img.src = `data:image/png;base64,${c.png_base64}`;
    out.append(img);
  }
}
$("published-load").onclick = () => showPublished();
$("oc").onclick = () => runTrial("oc");
$("onetrial").onclick = () => runTrial("one");

loadWasm();
refresh();
listen();
refreshCluster();
setInterval(refreshCluster, 1000);
