//! `docs/label-matrix.md` is the label matrix as the code holds it: for every
//! formulary drug, jurisdiction and label section, the statements the rules
//! check (kind, wording, section, whether read in the label) and the
//! regimens, or the section read and found silent. This test fails when the
//! file is stale, when a cell was not read, or when a section is recorded as
//! silent and as speaking at once;
//! `UPDATE_DOCS=1 cargo test -p hms-actors --test label_matrix` rewrites it.

use std::fmt::Write;

use hms_actors::clinical::formulary::{entry, FORMULARY};
use hms_actors::clinical::jurisdiction::Label;
use hms_actors::prover::matrix::{self, Cell};
use hms_actors::prover::RULE_SET;
use hms_actors::source::{Section, Source};

fn cite(s: &Source) -> String {
    let mark = if s.verified {
        ""
    } else {
        " *(not read in the label: verified false)*"
    };
    format!("{}{mark} [{}]", s.section.unwrap_or("—"), s.id).replace('|', "\\|")
}

fn render() -> String {
    let mut out = String::new();
    writeln!(out, "# The label matrix: {RULE_SET}\n").unwrap();
    writeln!(
        out,
        "Generated from `actors/src/prover/rules/` and `actors/src/clinical/formulary/` by \
         `UPDATE_DOCS=1 cargo test -p hms-actors --test label_matrix` (a test fails when this \
         file is stale or a cell is not read). Every formulary drug, US prescribing information \
         and EU SmPC, is read section by section; a cell lists the label's statements, each with \
         the rule that checks it, or says the section was read and is silent on anything that \
         constrains a Crohn's plan. Kinds: contraindication, boxed warning, do not initiate, \
         avoid, limitation of use, not recommended, dosage, evaluation (binding: they decide the \
         plan); guideline, advice (advisory: a warning); conditional, allowed (permitted, the \
         condition stated). How the rules read them: [rules.md](rules.md), [domain.md](domain.md).\n"
    )
    .unwrap();
    writeln!(out, "## Summary\n").unwrap();
    writeln!(out, "| drug | label | statements | silent | not read |").unwrap();
    writeln!(out, "|---|---|---|---|---|").unwrap();
    let rows = matrix::matrix();
    for e in FORMULARY {
        for label in [Label::Us, Label::Eu] {
            let mine: Vec<_> = rows
                .iter()
                .filter(|r| r.drug == e.drug && r.label == label)
                .collect();
            let count = |f: fn(&Cell) -> bool| mine.iter().filter(|r| f(&r.cell)).count();
            writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                e.name,
                upper(label),
                count(|c| matches!(c, Cell::Statements { .. })),
                count(|c| matches!(c, Cell::Silent { .. })),
                count(|c| matches!(c, Cell::NotRead)),
            )
            .unwrap();
        }
    }
    writeln!(out).unwrap();
    for e in FORMULARY {
        writeln!(out, "## {}\n", e.name).unwrap();
        for d in entry(e.drug).documents {
            writeln!(out, "- `{}`: {}", d.id, d.citation.replace('|', "\\|")).unwrap();
        }
        writeln!(out).unwrap();
        writeln!(
            out,
            "| section | label | kind | the label says | where | checked by |"
        )
        .unwrap();
        writeln!(out, "|---|---|---|---|---|---|").unwrap();
        for section in Section::ALL {
            for label in [Label::Us, Label::Eu] {
                let where_ = match label {
                    Label::Us => section.us(),
                    Label::Eu => section.eu(),
                };
                match matrix::cell(e.drug, label, section) {
                    Cell::Statements { statements } => {
                        for s in statements {
                            writeln!(
                                out,
                                "| {} | {} | {} | {} | {} | `{}` |",
                                section.key(),
                                upper(label),
                                kind(s.basis),
                                s.says.replace('|', "\\|"),
                                cite(&s.source),
                                s.rule
                            )
                            .unwrap();
                        }
                    }
                    Cell::Silent { source } => writeln!(
                        out,
                        "| {} | {} | silent | the label says nothing that constrains a plan ({where_}) | {} | — |",
                        section.key(),
                        upper(label),
                        cite(&source)
                    )
                    .unwrap(),
                    Cell::NotRead => writeln!(
                        out,
                        "| {} | {} | **not read** | ({where_}) | — | — |",
                        section.key(),
                        upper(label)
                    )
                    .unwrap(),
                }
            }
        }
        writeln!(out).unwrap();
    }
    out
}

#[test]
fn no_cell_is_left_unread_and_none_is_both_silent_and_speaking() {
    let unread: Vec<String> = matrix::matrix()
        .into_iter()
        .filter(|r| matches!(r.cell, Cell::NotRead))
        .map(|r| format!("{:?} {:?} {}", r.drug, r.label, r.section.key()))
        .collect();
    assert!(
        unread.is_empty(),
        "{} cell(s) not read:\n{}",
        unread.len(),
        unread.join("\n")
    );
    let both = matrix::contradictions();
    assert!(both.is_empty(), "silent and speaking: {both:?}");
}

#[test]
fn docs_label_matrix_md_is_current() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/label-matrix.md");
    let want = render();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(path, &want).unwrap();
        return;
    }
    let have = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        have == want,
        "docs/label-matrix.md is stale: run UPDATE_DOCS=1 cargo test -p hms-actors --test label_matrix"
    );
}

fn upper(label: Label) -> String {
    format!("{label:?}").to_uppercase()
}

/// A statement's kind as the header names it ("limitation of use").
fn kind(basis: hms_actors::prover::statement::Basis) -> String {
    serde_json::to_value(basis)
        .ok()
        .and_then(|v| v.as_str().map(|s| s.replace('_', " ")))
        .unwrap_or_else(|| format!("{basis:?}"))
}
