//! No two drugs of the thiopurine family at once (azathioprine is a prodrug of
//! mercaptopurine), in the plan or with what the patient takes now, and no
//! drug listed twice at the same time above its label's dose.

use crate::clinical::formulary::{Class, Regimen};
use crate::clinical::plan::{DoseUnit, Frequency};
use crate::clinical::resolve::Resolved;
use crate::clinical::vocabulary::Role;
use crate::prover::case::Case;
use crate::prover::rule::Rule;
use crate::prover::verdict::{fact, Severity, Verdict};
use crate::source::labels::{CPIC_THIOPURINES, IMURAN_US};
use crate::source::Source;

use super::candidate_regimens;
use crate::source::Section;

pub static RULE: Rule = Rule {
    id: "duplicate_therapy",
    severity: Severity::Contraindication,
    section: Section::Interactions,
    text: "one thiopurine at a time, and no drug given twice at once above its label dose",
    sources: &[SAME_FAMILY],
    statements: &[],
    fallback: true,
    check,
};

const SAME_FAMILY: Source =
    IMURAN_US.unverified_at("Clinical Pharmacology: azathioprine is metabolized to mercaptopurine");
const CPIC: Source = CPIC_THIOPURINES
    .at("Introduction: azathioprine, mercaptopurine and thioguanine are thiopurines");

/// The weeks an item spans, when it says when it starts.
fn span(r: &Resolved) -> Option<(f64, f64)> {
    let start = r.item.start_week?;
    let end = match (r.item.frequency, r.item.duration) {
        (Frequency::Once, _) => start + 1.0,
        (_, Some(days)) => start + days / 7.0,
        (_, None) => f64::INFINITY,
    };
    Some((start, end))
}

/// Whether two items are given at the same time: `Some` when the plan says,
/// `None` when it cannot tell (items of different phases without start weeks).
/// Without start weeks, items of the same phase (or of no stated phase) run
/// together; single doses never do.
fn concurrent(a: &Resolved, b: &Resolved) -> Option<bool> {
    match (span(a), span(b)) {
        (Some((s1, e1)), Some((s2, e2))) => Some(s1 < e2 && s2 < e1),
        _ if a.item.frequency == Frequency::Once || b.item.frequency == Frequency::Once => {
            Some(false)
        }
        _ if a.phase.is_none() || b.phase.is_none() || a.phase == b.phase => Some(true),
        _ => None,
    }
}

/// The start weeks that would tell whether two items overlap.
fn weeks_needed(a: &Resolved, b: &Resolved) -> Vec<String> {
    [a, b]
        .iter()
        .filter(|r| r.item.start_week.is_none())
        .map(|r| format!("{}.start_week", r.path()))
        .collect()
}

fn check(rule: &Rule, case: &Case) -> Vec<Verdict> {
    let mut out = Vec::new();
    // Two thiopurines.
    let thiopurines: Vec<&Resolved> = case.of_class(Class::Thiopurine).collect();
    for (i, a) in thiopurines.iter().enumerate() {
        for b in thiopurines[i + 1..]
            .iter()
            .filter(|b| b.entry.drug != a.entry.drug)
        {
            let draft = rule
                .about(Case::subject(b))
                .facts([Case::item_fact(a), Case::item_fact(b)])
                .cite(CPIC);
            match concurrent(a, b) {
                Some(true) => out.push(draft.violated(
                    format!("{}.medication", b.path()),
                    format!("{} + {}", a.entry.name, b.entry.name),
                    "one thiopurine at a time",
                )),
                Some(false) => {}
                None => out.push(draft.unknown(
                    weeks_needed(a, b),
                    "two thiopurines in different phases: their weeks tell whether they overlap",
                )),
            }
        }
    }
    if let (Some(a), Some(meds)) = (thiopurines.first(), case.meds_with(Role::Thiopurine)) {
        if let Some((m, c)) = meds.into_iter().find(|(_, c)| c.drug != Some(a.entry.drug)) {
            out.push(
                rule.about(Case::subject(a))
                    .facts([Case::item_fact(a), fact(m.path(), &m.text)])
                    .cite(CPIC)
                    .violated(
                        format!("{}.medication", m.path()),
                        format!("{} + {} (taken now)", a.entry.name, c.generic),
                        "one thiopurine at a time",
                    ),
            );
        }
    }
    // One drug twice at once.
    for (i, a) in case.items.iter().enumerate() {
        for b in &case.items[i + 1..] {
            if a.entry.drug != b.entry.drug || a.item.frequency != b.item.frequency {
                continue;
            }
            let same_week = a.item.frequency == Frequency::Once
                && a.item.start_week.is_some()
                && a.item.start_week == b.item.start_week;
            let together = if same_week {
                Some(true)
            } else {
                concurrent(a, b)
            };
            if together == Some(false) {
                continue;
            }
            if let Some(v) = cumulative(rule, case, a, b, together.is_none()) {
                out.push(v);
            }
        }
    }
    if !thiopurines.is_empty() && case.meds.is_none() {
        out.push(
            rule.about(None)
                .fact(Case::item_fact(thiopurines[0]))
                .unknown(
                    vec!["concomitant_medications".into()],
                    "concomitant medications are needed to rule out a second thiopurine taken now",
                ),
        );
    }
    if !out.is_empty() {
        return out;
    }
    if thiopurines.is_empty() && case.items.len() < 2 {
        return vec![rule.not_applicable("the plan has one item and no thiopurine")];
    }
    let facts = case.items.iter().take(4).map(Case::item_fact);
    vec![rule
        .about(None)
        .facts(facts)
        .proved("no two thiopurines and no drug twice at once above its dose")]
}

/// Two items of one drug at once (or perhaps at once, when `unsure`): their
/// summed dose against the label's highest.
fn cumulative(
    rule: &Rule,
    case: &Case,
    a: &Resolved,
    b: &Resolved,
    unsure: bool,
) -> Option<Verdict> {
    // The highest dose the label gives without a condition: a conditional
    // one (an escalation) is checked against its condition only when it is
    // written as one item, so two items summing to it do not reach it.
    let highest = |conditional: bool| {
        candidate_regimens(case, a)
            .filter(|g| g.frequencies.contains(&a.item.frequency))
            .filter(move |g| conditional || g.condition.is_none())
            .max_by(|x, y| x.max.total_cmp(&y.max))
    };
    let top: &Regimen = highest(false).or_else(|| highest(true))?;
    let (total, unit) = match top.unit {
        DoseUnit::Mg => (a.mg? + b.mg?, "mg"),
        DoseUnit::MgPerKg => (a.mg_per_kg? + b.mg_per_kg?, "mg/kg"),
    };
    let draft = rule
        .about(Case::subject(b))
        .facts([Case::item_fact(a), Case::item_fact(b)])
        .regimen(a, top);
    Some(if total > top.max * 1.01 && unsure {
        draft.unknown(weeks_needed(a, b), format!("{total} {unit} if given together (above {}): their weeks tell whether they overlap", top.max))
    } else if total > top.max * 1.01 {
        draft.violated(
            format!("{}.dosage", b.path()),
            format!("{total} {unit} {} in total", a.item.frequency.as_str()),
            match highest(true).filter(|g| g.condition.is_some() && total <= g.max * 1.01) {
                Some(g) => format!(
                    "at most {} {unit} (label: {}); {total} {unit} is the label's dose on a condition ({}), written as one item so that its condition is checked",
                    top.max, top.text, g.text
                ),
                None => format!("at most {} {unit} (label: {})", top.max, top.text),
            },
        )
    } else {
        draft.proved(format!("{total} {unit} together is within {}", top.text))
    })
}
