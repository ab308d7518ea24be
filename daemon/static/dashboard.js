// The hms dashboard: the live tree (from /v1/health, refreshed on every
// event of /v1/events), an event timeline, fault injection, and a plan panel
// that verifies with the wasm prover when the daemon serves it (/wasm/),
// falling back to the daemon's prover and saying so.

const $ = (id) => document.getElementById(id);
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
    tr.innerHTML = `<td style="padding-left:${depth * 14 + 6}px">${n.name}</td><td class="node-${n.status}">${n.status}</td>` +
      `<td class="restarts">${n.restarts.total}</td><td>${n.mailbox_depth}</td><td>${n.in_flight}</td><td>${p99}</td>`;
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
  if (res.ok && probe) await fetch(`/v1/actors/${actor}/call`, { method: "POST", body: JSON.stringify(probe) });
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
  head.innerHTML = `<strong class="verdict-${report.status}">${report.status}</strong> <span class="note">(${where})</span>`;
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

loadWasm();
refresh();
listen();
