//! A label's statement about one drug: whose label, what kind of statement
//! (a contraindication, a boxed warning, "do not initiate", "avoid", advice),
//! what it says, and the section it is in. The rules hold tables of these, one
//! row per drug, so a reader sees every drug's wording side by side, and the
//! report lists per drug the sections that were encoded.

use serde::Serialize;

use crate::clinical::formulary::Drug;
use crate::clinical::jurisdiction::Label;
use crate::source::Source;

/// The strength of a statement, in the label's own terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    // Advisory, weakest first.
    /// "Consider", "monitor", "caution", information for the prescriber.
    Advice,
    /// A guideline's recommendation (CPIC).
    Guideline,
    // Binding, weakest first.
    /// An evaluation the label asks for before starting ("test for latent TB").
    Evaluation,
    /// A dose, schedule or course the label states.
    Dosage,
    /// "Not recommended".
    NotRecommended,
    /// The indication's limitation of use.
    LimitationOfUse,
    /// "Avoid".
    Avoid,
    /// "Do not initiate", "should not be given".
    DoNotInitiate,
    BoxedWarning,
    Contraindication,
}

impl Basis {
    /// Whether the statement decides the plan (a contraindication-severity property).
    pub fn binding(self) -> bool {
        self >= Basis::Evaluation
    }
}

#[derive(Clone, Copy, Debug)]
pub struct Statement {
    pub drug: Drug,
    pub label: Label,
    pub basis: Basis,
    /// The statement in a line (a short quote or close paraphrase).
    pub says: &'static str,
    pub source: Source,
    /// Which of the rule's conditions it is about (`active`, `latent`, ...);
    /// empty when the rule has one.
    pub topic: &'static str,
}

impl Statement {
    /// The same statement, about one of the rule's conditions.
    pub const fn on(self, topic: &'static str) -> Self {
        Statement { topic, ..self }
    }
}

/// Shorthand for rule tables.
pub const fn us(drug: Drug, basis: Basis, says: &'static str, source: Source) -> Statement {
    Statement {
        drug,
        label: Label::Us,
        basis,
        says,
        source,
        topic: "",
    }
}

pub const fn eu(drug: Drug, basis: Basis, says: &'static str, source: Source) -> Statement {
    Statement {
        label: Label::Eu,
        ..us(drug, basis, says, source)
    }
}
