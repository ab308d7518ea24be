//! `docs/rules.md` is the rule set as the code holds it: every rule with the
//! label statements it encodes (drug, jurisdiction, kind, wording, section,
//! whether the wording was read in the source), every drug's regimens and the
//! label sections no rule encodes. This test fails when the file is stale;
//! `UPDATE_DOCS=1 cargo test -p hms-actors --test rules_doc` rewrites it.

use std::fmt::Write;

use hms_actors::clinical::formulary::FORMULARY;
use hms_actors::clinical::vocabulary;
use hms_actors::prover::rules::RULES;
use hms_actors::prover::RULE_SET;
use hms_actors::source::Source;

fn section(s: &Source) -> String {
    let mark = if s.verified {
        ""
    } else {
        " *(not read in the label: verified false)*"
    };
    format!("{}{mark}", s.section.unwrap_or("—"))
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

fn render() -> String {
    let mut out = String::new();
    writeln!(out, "# The rule set: {RULE_SET}\n").unwrap();
    writeln!(
        out,
        "Generated from `actors/src/prover/rules/` and `actors/src/clinical/formulary/` by \
         `UPDATE_DOCS=1 cargo test -p hms-actors --test rules_doc` (a test fails when this file is \
         stale). What the statuses mean, the jurisdictions and what is not covered: \
         [domain.md](domain.md).\n"
    )
    .unwrap();
    writeln!(out, "## Rules\n").unwrap();
    for rule in RULES {
        writeln!(out, "### `{}` ({:?})\n", rule.id, rule.severity).unwrap();
        writeln!(out, "{}.\n", cell(rule.text)).unwrap();
        for s in rule.sources {
            writeln!(out, "- rule source: {} — {}", cell(s.citation), section(s)).unwrap();
        }
        if !rule.sources.is_empty() {
            writeln!(out).unwrap();
        }
        if rule.statements.is_empty() {
            writeln!(
                out,
                "Reads the formulary's regimens (below) rather than a table of statements.\n"
            )
            .unwrap();
            continue;
        }
        writeln!(
            out,
            "| drug | label | kind | topic | the label says | section |"
        )
        .unwrap();
        writeln!(out, "|---|---|---|---|---|---|").unwrap();
        for s in rule.statements {
            writeln!(
                out,
                "| {:?} | {:?} | {:?} | {} | {} | {} ({}) |",
                s.drug,
                s.label,
                s.basis,
                if s.topic.is_empty() { "—" } else { s.topic },
                cell(s.says),
                cell(&section(&s.source)),
                s.source.id,
            )
            .unwrap();
        }
        writeln!(out).unwrap();
    }
    writeln!(out, "## Drugs\n").unwrap();
    for e in FORMULARY {
        let concept = vocabulary::of_drug(e.drug);
        writeln!(out, "### {}\n", e.name).unwrap();
        writeln!(
            out,
            "RxNorm: {}. Names: {}.\n",
            concept.rxcui.unwrap_or("not confirmed"),
            concept.names.join(", ")
        )
        .unwrap();
        writeln!(
            out,
            "| phase | route | dose | frequency | course | label | condition | regimen | section |"
        )
        .unwrap();
        writeln!(out, "|---|---|---|---|---|---|---|---|---|").unwrap();
        for g in e.regimens {
            let freqs: Vec<&str> = g.frequencies.iter().map(|f| f.as_str()).collect();
            let labels: Vec<String> = g.labels.iter().map(|l| format!("{l:?}")).collect();
            writeln!(
                out,
                "| {:?} | {:?} | {}–{} {:?} | {} | {} | {} | {} | {} | {} |",
                g.phase,
                g.route,
                g.min,
                g.max,
                g.unit,
                freqs.join(", "),
                g.max_days.map_or("—".into(), |d| format!("≤ {d} days")),
                labels.join(", "),
                g.condition.map_or("—".into(), |c| format!("{c:?}")),
                cell(g.text),
                cell(&section(&g.source)),
            )
            .unwrap();
        }
        writeln!(out, "\nNot checked:\n").unwrap();
        for n in e.not_checked {
            writeln!(out, "- {}", cell(n)).unwrap();
        }
        writeln!(out).unwrap();
    }
    writeln!(out, "## Live vaccines\n").unwrap();
    writeln!(out, "Matched by whole words; the longest name wins over a name inside it, a live type among several names makes the entry live, and a name that covers both kinds leaves it undecided (the record's `live` then decides, or the verdict is unknown).\n").unwrap();
    writeln!(out, "| type | live | names | source |").unwrap();
    writeln!(out, "|---|---|---|---|").unwrap();
    for v in hms_actors::clinical::vaccines::VACCINES {
        let live = match v.live {
            Some(true) => "live",
            Some(false) => "not live",
            None => "either",
        };
        writeln!(
            out,
            "| {} | {live} | {} | {} |",
            v.name,
            v.names.join(", "),
            section(&v.source)
        )
        .unwrap();
    }
    writeln!(out, "\n## Medication vocabulary\n").unwrap();
    writeln!(out, "Every concept the plan items, concomitant medications and history are matched against, with the roles the rules read. A concomitant medication no concept matches is reported in `medications_not_checked`.\n").unwrap();
    writeln!(out, "| concept | RxNorm | roles | names |").unwrap();
    writeln!(out, "|---|---|---|---|").unwrap();
    for c in vocabulary::CONCEPTS {
        let roles: Vec<String> = c.roles.iter().map(|r| format!("{r:?}")).collect();
        writeln!(
            out,
            "| {} | {} | {} | {} |",
            c.generic,
            c.rxcui.unwrap_or("—"),
            roles.join(", "),
            c.names.join(", ")
        )
        .unwrap();
    }
    sources(&mut out);
    out
}

/// The string literals after `from` in `text`, in order (escapes `\"` kept as `"`).
fn literals(text: &str, count: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    while out.len() < count {
        // Skip to the next opening quote.
        if chars.by_ref().find(|&c| c == '"').is_none() {
            break;
        }
        let mut lit = String::new();
        while let Some(c) = chars.next() {
            match c {
                '\\' => {
                    if let Some(n) = chars.next() {
                        lit.push(n);
                    }
                }
                '"' => break,
                c => lit.push(c),
            }
        }
        out.push(lit);
    }
    out
}

/// Every source the domain can cite, read from `actors/src/source/` itself
/// (each `pub const` that is a `Source` or a `Document`), so the list cannot
/// miss one.
fn sources(out: &mut String) {
    writeln!(out, "\n## Sources\n").unwrap();
    writeln!(out, "Every document the domain cites (`actors/src/source/`). Labels and guidelines are cited section by section (the sections are in the rules and regimens above, each marked when its wording was not read); trials and reviews are cited whole. *Not verified* means the figures or wording rest on a summary rather than the document itself.\n").unwrap();
    writeln!(out, "| id | source | cited |").unwrap();
    writeln!(out, "|---|---|---|").unwrap();
    for file in ["mod.rs", "labels.rs"] {
        let path = format!("{}/src/source/{file}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap();
        for (at, _) in text.match_indices("pub const ") {
            let head = &text[at..];
            let line = head.lines().next().unwrap_or("");
            let how = if line.contains(": Document =") {
                "by section"
            } else if line.contains(": Source = src(") {
                "whole"
            } else if line.contains(": Source = unverified(") {
                "whole, *not verified*"
            } else {
                continue;
            };
            let lits = literals(head, 2);
            writeln!(out, "| `{}` | {} | {how} |", lits[0], cell(&lits[1])).unwrap();
        }
    }
}

#[test]
fn docs_rules_md_is_current() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/rules.md");
    let want = render();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(path, &want).unwrap();
    }
    let have = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        have == want,
        "docs/rules.md is stale: run UPDATE_DOCS=1 cargo test -p hms-actors --test rules_doc"
    );
}
