//! A label's statement about one drug: whose label, what kind of statement
//! (a contraindication, a boxed warning, "do not initiate", "avoid", advice),
//! what it says, and the section it is in. The rules hold tables of these, one
//! row per drug, so a reader sees every drug's wording side by side, and the
//! report lists per drug the sections that were encoded.

use serde::Serialize;

use crate::clinical::formulary::{Drug, Population};
use crate::clinical::jurisdiction::Label;
use crate::clinical::labs::Analyte;
use crate::clinical::patient::ChildPugh;
use crate::clinical::vocabulary::Role;
use crate::source::{Section, Source};

/// The strength of a statement, in the label's own terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    // Advisory, weakest first.
    /// "Can be used", "no dose adjustment": the label permits it.
    Allowed,
    /// Permitted with a condition the answer states ("no live vaccine to the
    /// breastfed infant", "use only if clearly needed").
    Conditional,
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
    /// The label matrix column, when not the rule's own.
    pub section: Option<Section>,
    /// The numbers the sentence gives, for the rule that checks it.
    pub param: Param,
}

/// The numbers and names a statement gives, read by the rule that holds it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Param {
    None,
    /// Who the label licenses for Crohn's disease (age, weight).
    Population(Population),
    /// The statement holds until this many days after the last dose
    /// (lactation, contraception, live vaccines).
    DaysAfter(u32),
    /// Live vaccines: at least `before` days before the first dose, none
    /// until `after` days after the last (0: the label gives no window).
    Window {
        before: u32,
        after: u32,
    },
    /// A lab value below this (canonical unit) triggers the statement.
    Below(Analyte, f64),
    /// A lab value above this (canonical unit) triggers the statement.
    Above(Analyte, f64),
    /// "Renal impairment" where the label gives no number: read as KDIGO's
    /// decreased GFR (eGFR below 60 mL/min/1.73m2), which the verdict cites.
    RenalImpairment,
    /// Hepatic impairment of this Child-Pugh class or worse.
    ChildPugh(ChildPugh),
    /// A condition on the record, by any of these words (comorbidities,
    /// history): pancreatitis, alcohol abuse, malignancy, ...
    Conditions(&'static [&'static str]),
    /// A concomitant medication with this vocabulary role.
    Role(Role),
    /// With eGFR below `egfr_below` (mL/min/1.73m2), at most `share` of the
    /// label's usual dose (a renal reduction).
    DoseShare {
        egfr_below: f64,
        share: f64,
    },
}

impl Statement {
    /// The same statement, about one of the rule's conditions.
    pub const fn on(self, topic: &'static str) -> Self {
        Statement { topic, ..self }
    }

    /// The same statement, in another label matrix column than its rule's.
    pub const fn under(self, section: Section) -> Self {
        Statement {
            section: Some(section),
            ..self
        }
    }

    /// The same statement, with the numbers it gives.
    pub const fn with(self, param: Param) -> Self {
        Statement { param, ..self }
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
        section: None,
        param: Param::None,
    }
}

pub const fn eu(drug: Drug, basis: Basis, says: &'static str, source: Source) -> Statement {
    Statement {
        label: Label::Eu,
        ..us(drug, basis, says, source)
    }
}
