//! The label matrix: for every formulary drug, both jurisdictions and every
//! label section of [`Section::ALL`], what the rules encode: the statements
//! (each held by the rule that checks it) and regimens of that section, or
//! the section read and found silent, or nothing ("not read"). Built from the
//! rule tables and the formulary, so it cannot say more than is checked;
//! `docs/label-matrix.md` is its rendering.

use serde::Serialize;

use super::rules::RULES;
use super::statement::Basis;
use crate::clinical::formulary::{Drug, FORMULARY};
use crate::clinical::jurisdiction::Label;
use crate::source::{Section, Source};

/// One statement of a cell: what it says, its kind, its source, and the
/// rule that checks it (`dose_bounds` and the schedule rules for regimens).
#[derive(Clone, Debug, Serialize)]
pub struct Entry {
    pub says: &'static str,
    pub basis: Basis,
    pub source: Source,
    pub rule: &'static str,
}

#[derive(Clone, Debug, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Cell {
    Statements { statements: Vec<Entry> },
    Silent { source: Source },
    NotRead,
}

#[derive(Clone, Debug, Serialize)]
pub struct Row {
    pub drug: Drug,
    pub label: Label,
    pub section: Section,
    pub cell: Cell,
}

/// The rules that read the formulary's regimens.
pub const REGIMEN_RULES: &str =
    "dose_bounds, label_schedule, induction_before_maintenance, course_length, conditional_dose";

/// Every cell, drug by drug (formulary order), US then EU, sections in order.
pub fn matrix() -> Vec<Row> {
    let mut out = Vec::new();
    for e in FORMULARY {
        for label in [Label::Us, Label::Eu] {
            for section in Section::ALL {
                out.push(Row {
                    drug: e.drug,
                    label,
                    section,
                    cell: cell(e.drug, label, section),
                });
            }
        }
    }
    out
}

/// One cell.
pub fn cell(drug: Drug, label: Label, section: Section) -> Cell {
    let entry = crate::clinical::formulary::entry(drug);
    let mut statements: Vec<Entry> = Vec::new();
    for rule in RULES {
        for s in rule.statements {
            if s.drug == drug && s.label == label && rule.section_of(s) == section {
                statements.push(Entry {
                    says: s.says,
                    basis: s.basis,
                    source: s.source,
                    rule: rule.id,
                });
            }
        }
    }
    for g in entry.regimens {
        if g.section == section && g.labels.contains(&label) {
            statements.push(Entry {
                says: g.text,
                basis: Basis::Dosage,
                source: g.source,
                rule: REGIMEN_RULES,
            });
        }
    }
    if !statements.is_empty() {
        return Cell::Statements { statements };
    }
    match entry
        .silent
        .iter()
        .find(|s| s.label == label && s.section == section)
    {
        Some(s) => Cell::Silent { source: s.source },
        None => Cell::NotRead,
    }
}

/// Silence entries that contradict a cell with statements (a section cannot
/// be both silent and speak): (drug, label, section).
pub fn contradictions() -> Vec<(Drug, Label, Section)> {
    let mut out = Vec::new();
    for e in FORMULARY {
        for s in e.silent {
            if matches!(cell(e.drug, s.label, s.section), Cell::Statements { .. }) {
                out.push((e.drug, s.label, s.section));
            }
        }
    }
    out
}
