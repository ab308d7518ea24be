//! A safety rule: an id, the rule in words, the label statements it encodes
//! (one row per drug), and a pure check over a [`Case`] that returns its
//! verdicts (one per plan item or drug where the property is per item).

use serde_json::Value;

use super::case::Case;
use super::statement::{Basis, Statement};
use super::verdict::{Counterexample, Evidence, Fact, Severity, Status, Verdict};
use crate::clinical::formulary::Drug;
use crate::clinical::jurisdiction::Label;
use crate::source::{Section, Source};

pub struct Rule {
    pub id: &'static str,
    /// The severity of its verdicts unless its statements say otherwise.
    pub severity: Severity,
    /// The label matrix column its statements belong to, unless one says otherwise.
    pub section: Section,
    pub text: &'static str,
    /// Sources of the rule as a whole (guidelines, reference lists).
    pub sources: &'static [Source],
    /// The label statements it encodes, per drug.
    pub statements: &'static [Statement],
    /// Whether a topic the chosen jurisdiction's label is silent on takes the
    /// other label's statement (missing text is not permission). Off where the
    /// topics themselves are jurisdiction-specific (heart failure).
    pub fallback: bool,
    pub check: fn(&Rule, &Case) -> Vec<Verdict>,
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rule").field("id", &self.id).finish()
    }
}

/// A verdict under construction: its subject, facts, and what the statements
/// it rests on give it (their strongest kind, their labels, their sources).
pub struct Draft<'r> {
    rule: &'r Rule,
    subject: Option<String>,
    facts: Vec<Fact>,
    /// The strongest kind of statement it rests on, if any.
    basis: Option<Basis>,
    jurisdictions: Vec<Label>,
    /// The statements' sources, then the rule's own and cited ones.
    statement_sources: Vec<Source>,
    sources: Vec<Source>,
}

impl Rule {
    /// The label matrix column of one of its statements.
    pub fn section_of(&self, s: &Statement) -> Section {
        s.section.unwrap_or(self.section)
    }

    pub fn run(&self, case: &Case) -> Vec<Verdict> {
        (self.check)(self, case)
    }

    /// The statements about `drug` that apply in the case's jurisdiction: on
    /// each topic, the jurisdiction's own, or (with `fallback`) the other
    /// label's when the chosen one was not read on that topic.
    pub fn applicable(&self, case: &Case, drug: Drug) -> Vec<&'static Statement> {
        let mine = |s: &&Statement| s.drug == drug;
        let jurisdiction = case.settings.jurisdiction;
        self.statements
            .iter()
            .filter(mine)
            .filter(|s| {
                jurisdiction.applies(s.label)
                    || (self.fallback
                        && !self
                            .statements
                            .iter()
                            .filter(mine)
                            .any(|o| o.topic == s.topic && jurisdiction.applies(o.label)))
            })
            .collect()
    }

    /// The applicable statements about `drug` on one of the rule's conditions.
    pub fn on(&self, case: &Case, drug: Drug, topic: &str) -> Vec<&'static Statement> {
        self.applicable(case, drug)
            .into_iter()
            .filter(|s| s.topic == topic)
            .collect()
    }

    /// Starts a verdict about `subject`.
    pub fn about(&self, subject: Option<String>) -> Draft<'_> {
        Draft {
            rule: self,
            subject,
            facts: Vec::new(),
            basis: None,
            jurisdictions: Vec::new(),
            statement_sources: Vec::new(),
            sources: self.sources.to_vec(),
        }
    }

    /// Not applicable to this plan, saying why.
    pub fn not_applicable(&self, why: impl Into<String>) -> Verdict {
        self.about(None).finish(
            Status::NotApplicable,
            Evidence {
                note: Some(why.into()),
                ..Evidence::default()
            },
        )
    }

    /// The checker did not answer within its deadline.
    pub fn timeout(&self, after_ms: u64) -> Verdict {
        self.about(None).note(
            Status::Timeout,
            format!("checker did not answer within {after_ms} ms"),
        )
    }

    /// The checker failed (crashed or was unreachable).
    pub fn error(&self, message: impl Into<String>) -> Verdict {
        self.about(None).note(Status::Error, message)
    }
}

impl<'r> Draft<'r> {
    pub fn fact(mut self, f: Fact) -> Self {
        self.facts.push(f);
        self
    }

    pub fn facts(mut self, f: impl IntoIterator<Item = Fact>) -> Self {
        self.facts.extend(f);
        self
    }

    /// The label statements the verdict rests on; they set its severity, basis and sources.
    pub fn by(mut self, statements: &[&Statement]) -> Self {
        for s in statements {
            self = self.rests_on(s.basis, &[s.label], s.source);
        }
        self
    }

    /// One statement's kind, labels and source (a regimen is a dosage statement).
    pub fn rests_on(mut self, basis: Basis, labels: &[Label], source: Source) -> Self {
        self.basis = self.basis.max(Some(basis));
        for l in labels {
            if !self.jurisdictions.contains(l) {
                self.jurisdictions.push(*l);
            }
        }
        if !self.statement_sources.contains(&source) {
            self.statement_sources.push(source);
        }
        self
    }

    /// An extra source (a unit conversion, a reference list).
    pub fn cite(mut self, source: Source) -> Self {
        if !self.sources.contains(&source) {
            self.sources.push(source);
        }
        self
    }

    pub fn proved(self, note: impl Into<String>) -> Verdict {
        self.note(Status::Proved, note)
    }

    pub fn violated(
        self,
        field: impl Into<String>,
        value: impl serde::Serialize,
        bound: impl Into<String>,
    ) -> Verdict {
        self.finish(
            Status::Violated,
            Evidence {
                counterexample: Some(Counterexample {
                    field: field.into(),
                    value: serde_json::to_value(value).unwrap_or(Value::Null),
                    bound: bound.into(),
                }),
                ..Evidence::default()
            },
        )
    }

    pub fn unknown(self, missing: Vec<String>, note: impl Into<String>) -> Verdict {
        self.finish(
            Status::Unknown,
            Evidence {
                missing,
                note: Some(note.into()),
                ..Evidence::default()
            },
        )
    }

    fn note(self, status: Status, note: impl Into<String>) -> Verdict {
        self.finish(
            status,
            Evidence {
                note: Some(note.into()),
                ..Evidence::default()
            },
        )
    }

    fn finish(self, status: Status, mut evidence: Evidence) -> Verdict {
        evidence.facts = self.facts;
        let basis = self.basis;
        let severity = match basis {
            Some(b) if b.binding() => Severity::Contraindication,
            Some(_) => Severity::Advisory,
            None => self.rule.severity,
        };
        // The label statements first, then the rule's own and cited sources.
        let mut sources = self.statement_sources;
        for s in self.sources {
            if !sources.contains(&s) {
                sources.push(s);
            }
        }
        Verdict {
            property: self.rule.id,
            subject: self.subject,
            status,
            severity,
            rule: self.rule.text,
            basis: basis.or(match self.rule.severity {
                Severity::Contraindication => None,
                Severity::Advisory => Some(Basis::Advice),
            }),
            jurisdictions: self.jurisdictions,
            evidence,
            sources,
        }
    }
}

/// The binding statements among `all`, or, when none binds, all of them.
pub fn strongest(all: &[&'static Statement]) -> Vec<&'static Statement> {
    let binding: Vec<_> = all.iter().copied().filter(|s| s.basis.binding()).collect();
    if binding.is_empty() {
        all.to_vec()
    } else {
        binding
    }
}
