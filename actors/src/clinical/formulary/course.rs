//! A label's whole course for a drug: the doses of one of its induction
//! schedules, then its maintenance regimen, for the labels and the patients
//! (age, weight) the regimen is for. The optimizer proposes courses, and the
//! schedule properties start from them, so both follow the formulary rather
//! than a list of their own.

use super::{Entry, Induction, Population, Regimen, FORMULARY, IND, MAINT};
use crate::clinical::jurisdiction::{Jurisdiction, Label};
use crate::clinical::plan::{DoseUnit, Frequency, Phase, PlanItem, Route};

/// One course: an induction (counted doses or a daily course) and the
/// maintenance that follows it, or a maintenance regimen alone.
#[derive(Clone, Copy, Debug)]
pub struct Course {
    pub entry: &'static Entry,
    /// The counted induction schedule, if the course has one.
    pub schedule: Option<&'static Induction>,
    /// The induction regimen of a daily or weekly course (upadacitinib 45 mg for 12 weeks).
    pub daily_induction: Option<&'static Regimen>,
    pub maintenance: &'static Regimen,
    /// The maintenance dose chosen where the regimen gives a range.
    pub maintenance_dose: f64,
}

impl Course {
    /// The labels that give the whole course (the maintenance regimen's, and
    /// its daily induction's where there is one).
    pub fn labels(&self) -> Vec<Label> {
        self.maintenance
            .labels
            .iter()
            .copied()
            .filter(|l| self.daily_induction.is_none_or(|i| i.labels.contains(l)))
            .collect()
    }

    pub fn population(&self) -> Population {
        self.maintenance.population
    }

    /// Whether the course applies under `jurisdiction`.
    pub fn in_force(&self, jurisdiction: Jurisdiction) -> bool {
        self.labels().iter().any(|l| jurisdiction.applies(*l))
    }

    /// The plan items of the course for a patient of `weight_kg` (weight
    /// bands need it; without it the middle band's dose is written and the
    /// prover then asks for the weight).
    pub fn items(&self, weight_kg: Option<f64>) -> Vec<PlanItem> {
        let name = self.entry.name;
        let mut out = Vec::new();
        let mut from_week = 0.0;
        if let Some(s) = self.schedule {
            for &(week, dose) in s.doses {
                let dosage = dose.unwrap_or_else(|| self.band_dose(s.route, weight_kg));
                out.push(item(
                    name,
                    dosage,
                    s.unit,
                    Frequency::Once,
                    s.route,
                    IND,
                    Some(week),
                    None,
                ));
            }
            from_week = s.maintenance_from_week;
        } else if let Some(i) = self.daily_induction {
            let after = self.maintenance.after.first();
            // The induction's weeks, else its regimen's course limit.
            let weeks = after
                .and_then(|a| a.weeks)
                .or(i.max_days.map(|d| d / 7.0))
                .unwrap_or(0.0);
            out.push(item(
                name,
                i.min,
                i.unit,
                i.frequencies[0],
                i.route,
                IND,
                Some(0.0),
                Some(weeks * 7.0),
            ));
            from_week = after
                .map(|a| a.maintenance_from_week)
                .filter(|w| *w > 0.0)
                .unwrap_or(weeks);
        }
        let m = self.maintenance;
        out.push(item(
            name,
            self.maintenance_dose,
            m.unit,
            m.frequencies[0],
            m.route,
            MAINT,
            Some(from_week),
            None,
        ));
        out
    }

    /// The weight band's dose of the drug's induction regimen by `route`.
    fn band_dose(&self, route: Route, weight_kg: Option<f64>) -> f64 {
        let bands = self
            .entry
            .regimens
            .iter()
            .find(|g| g.phase == Phase::Induction && g.route == route && !g.weight_bands.is_empty())
            .map_or(&[][..], |g| g.weight_bands);
        let middle = bands.get(bands.len() / 2).map_or(0.0, |b| b.1);
        match weight_kg {
            Some(w) => bands
                .iter()
                .find(|(upto, _)| w <= *upto)
                .map_or(middle, |b| b.1),
            None => middle,
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn item(
    medication: &str,
    dosage: f64,
    unit: DoseUnit,
    frequency: Frequency,
    route: Route,
    phase: Phase,
    start_week: Option<f64>,
    duration: Option<f64>,
) -> PlanItem {
    PlanItem {
        medication: medication.to_string(),
        dosage,
        unit,
        frequency,
        route: Some(route),
        phase: Some(phase),
        duration,
        start_week,
    }
}

/// Every course of a drug the formulary gives: each maintenance regimen that
/// follows an induction, with each induction it may follow (a daily
/// induction with a condition, such as a reduced dose, only before a
/// maintenance without one), at each end of its dose range.
pub fn courses(entry: &'static Entry) -> Vec<Course> {
    let mut out = Vec::new();
    for m in entry.regimens.iter().filter(|g| g.phase == MAINT) {
        // Both ends of a range; a range from 0 (thiopurines: the lower bound is
        // the pharmacogenomic rules') only its top.
        let doses: Vec<f64> = if (m.max - m.min).abs() < f64::EPSILON || m.min == 0.0 {
            vec![m.max]
        } else {
            vec![m.min, m.max]
        };
        for dose in doses {
            if m.after.is_empty() {
                out.push(Course {
                    entry,
                    schedule: None,
                    daily_induction: None,
                    maintenance: m,
                    maintenance_dose: dose,
                });
                continue;
            }
            for induction in m.after {
                if !induction.doses.is_empty() {
                    out.push(Course {
                        entry,
                        schedule: Some(induction),
                        daily_induction: None,
                        maintenance: m,
                        maintenance_dose: dose,
                    });
                    continue;
                }
                let dailies = entry.regimens.iter().filter(|g| {
                    g.phase == IND
                        && g.route == induction.route
                        && g.labels.iter().any(|l| m.labels.contains(l))
                        && (g.condition.is_none() || m.condition.is_none())
                        && g.population.overlaps(&m.population)
                });
                for daily in dailies {
                    out.push(Course {
                        entry,
                        schedule: None,
                        daily_induction: Some(daily),
                        maintenance: m,
                        maintenance_dose: dose,
                    });
                }
            }
        }
    }
    out
}

/// Every course of every drug.
pub fn all_courses() -> Vec<Course> {
    FORMULARY.iter().flat_map(|e| courses(e)).collect()
}
