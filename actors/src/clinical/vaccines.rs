//! Which vaccines are live, by generic and brand name (CDC vaccine types,
//! Yellow Book 2024, the EU product information of EU-only brands). Names are
//! matched as whole words and the longest match decides, so "live attenuated
//! influenza vaccine" is live while "influenza vaccine" alone is undecided, and
//! JYNNEOS ("Smallpox and Monkeypox Vaccine, Live, Nonreplicating") is not
//! live: the word "live" itself is never read.

use super::vocabulary::normalise;
use crate::source::labels::{CDC_LIVE_VACCINES, QDENGA_EU};
use crate::source::Source;

#[derive(Debug)]
pub struct VaccineType {
    pub name: &'static str,
    /// Normalised names, generic and brand.
    pub names: &'static [&'static str],
    /// `Some(true)` live (replicating), `Some(false)` not, `None` when the name
    /// covers both kinds (influenza, zoster, typhoid, cholera, polio, ...).
    pub live: Option<bool>,
    pub source: Source,
}

const fn v(
    name: &'static str,
    names: &'static [&'static str],
    live: Option<bool>,
    verified: bool,
) -> VaccineType {
    VaccineType {
        name,
        names,
        live,
        source: if verified {
            CDC_LIVE_VACCINES.at("vaccine type tables")
        } else {
            CDC_LIVE_VACCINES
                .unverified_at("vaccine type (brand or type read only in secondary sources)")
        },
    }
}

const LIVE: Option<bool> = Some(true);
const NOT_LIVE: Option<bool> = Some(false);
const EITHER: Option<bool> = None;

pub static VACCINES: &[VaccineType] = &[
    // Live.
    v(
        "measles-mumps-rubella (MMR)",
        &[
            "mmr", "m m r ii", "mmr ii", "priorix", "measles", "mumps", "rubella",
        ],
        LIVE,
        true,
    ),
    v(
        "measles-mumps-rubella-varicella (MMRV)",
        &["mmrv", "proquad", "priorix tetra"],
        LIVE,
        true,
    ),
    v(
        "varicella",
        &[
            "varicella",
            "varivax",
            "varilrix",
            "chickenpox vaccine",
            "var",
        ],
        LIVE,
        true,
    ),
    v(
        "zoster vaccine live",
        &["zostavax", "zoster vaccine live", "zvl", "live zoster"],
        LIVE,
        true,
    ),
    v(
        "live attenuated influenza (LAIV)",
        &[
            "laiv",
            "laiv3",
            "laiv4",
            "flumist",
            "flumist quadrivalent",
            "fluenz",
            "fluenz tetra",
            "live attenuated influenza",
            "live attenuated influenza vaccine",
            "intranasal influenza",
            "nasal influenza",
            "nasal flu",
        ],
        LIVE,
        true,
    ),
    v(
        "yellow fever",
        &["yellow fever", "yf vax", "stamaril", "yf"],
        LIVE,
        true,
    ),
    v(
        "typhoid, oral Ty21a",
        &["ty21a", "vivotif", "oral typhoid", "typhoid oral"],
        LIVE,
        true,
    ),
    v(
        "rotavirus",
        &["rotavirus", "rotateq", "rotarix", "rv1", "rv5"],
        LIVE,
        false,
    ),
    v(
        "BCG",
        &["bcg", "bacille calmette guerin", "tice bcg"],
        LIVE,
        true,
    ),
    v(
        "cholera, oral live",
        &["vaxchora", "live oral cholera"],
        LIVE,
        true,
    ),
    v("dengue", &["dengue", "dengvaxia"], LIVE, true),
    VaccineType {
        name: "dengue (TAK-003)",
        names: &["qdenga"],
        live: LIVE,
        source: QDENGA_EU.at("1 Name: dengue tetravalent vaccine (live, attenuated)"),
    },
    v(
        "chikungunya, live",
        &["ixchiq", "chikungunya live"],
        LIVE,
        false,
    ),
    v(
        "oral polio (OPV)",
        &["opv", "oral polio", "sabin"],
        LIVE,
        true,
    ),
    v(
        "smallpox/mpox, replicating (ACAM2000)",
        &["acam2000"],
        LIVE,
        true,
    ),
    v("Ebola Zaire (rVSV)", &["ervebo", "ebola"], LIVE, true),
    v(
        "adenovirus types 4 and 7, oral",
        &["adenovirus", "adenovirus type 4", "adenovirus type 7"],
        LIVE,
        true,
    ),
    // Not live, with the live look-alikes they are told apart from.
    v(
        "recombinant zoster (Shingrix)",
        &["shingrix", "recombinant zoster", "rzv"],
        NOT_LIVE,
        true,
    ),
    v(
        "inactivated or recombinant influenza",
        &[
            "fluzone",
            "fluzone high dose",
            "flucelvax",
            "afluria",
            "fluarix",
            "flulaval",
            "flublok",
            "fluad",
            "iiv",
            "iiv3",
            "iiv4",
            "riv",
            "inactivated influenza",
            "influenza inactivated",
            "flu shot",
            "recombinant influenza",
        ],
        NOT_LIVE,
        true,
    ),
    v(
        "typhoid Vi polysaccharide",
        &["typhim vi", "typhoid vi", "vi polysaccharide"],
        NOT_LIVE,
        false,
    ),
    v("cholera, oral inactivated", &["dukoral"], NOT_LIVE, true),
    v(
        "inactivated polio (IPV)",
        &["ipv", "ipol", "inactivated polio"],
        NOT_LIVE,
        false,
    ),
    v(
        "smallpox/mpox, non-replicating MVA (JYNNEOS)",
        &[
            "jynneos",
            "imvanex",
            "imvamune",
            "mva bn",
            "smallpox and monkeypox vaccine live nonreplicating",
        ],
        NOT_LIVE,
        true,
    ),
    v(
        "chikungunya, virus-like particle",
        &["vimkunya"],
        NOT_LIVE,
        true,
    ),
    v(
        "other non-live vaccines",
        &[
            "hepatitis a",
            "hepatitis b",
            "havrix",
            "vaqta",
            "engerix b",
            "recombivax hb",
            "heplisav b",
            "twinrix",
            "hpv",
            "gardasil",
            "gardasil 9",
            "tdap",
            "td",
            "dtap",
            "tetanus",
            "boostrix",
            "adacel",
            "pneumococcal",
            "prevnar",
            "prevnar 20",
            "pneumovax",
            "vaxneuvance",
            "capvaxive",
            "meningococcal",
            "menactra",
            "menquadfi",
            "menveo",
            "bexsero",
            "trumenba",
            "penbraya",
            "hib",
            "ixiaro",
            "japanese encephalitis",
            "rabies",
            "imovax",
            "rabavert",
            "covid",
            "covid 19",
            "comirnaty",
            "spikevax",
            "novavax",
            "rsv",
            "arexvy",
            "abrysvo",
            "mresvia",
        ],
        NOT_LIVE,
        true,
    ),
    // Names that cover a live and a non-live vaccine.
    v(
        "influenza (kind not stated)",
        &["influenza", "flu", "flu vaccine"],
        EITHER,
        true,
    ),
    v(
        "zoster (kind not stated)",
        &["zoster", "shingles", "herpes zoster"],
        EITHER,
        true,
    ),
    v("typhoid (kind not stated)", &["typhoid"], EITHER, true),
    v("cholera (kind not stated)", &["cholera"], EITHER, true),
    v("polio (kind not stated)", &["polio"], EITHER, true),
    v(
        "smallpox/mpox (kind not stated)",
        &["smallpox", "mpox", "monkeypox"],
        EITHER,
        true,
    ),
    v(
        "chikungunya (kind not stated)",
        &["chikungunya"],
        EITHER,
        true,
    ),
];

/// Where `needle` occurs in `haystack` as whole words: (start, end) byte spans.
fn spans(haystack: &str, needle: &str) -> Vec<(usize, usize)> {
    haystack
        .match_indices(needle)
        .map(|(i, _)| (i, i + needle.len()))
        .filter(|&(i, end)| {
            (i == 0 || haystack.as_bytes()[i - 1] == b' ')
                && (end == haystack.len() || haystack.as_bytes()[end] == b' ')
        })
        .collect()
}

/// The vaccine type a name means. Every name found counts, except one inside
/// a longer name found ("influenza" inside "inactivated influenza"): a live
/// type among them makes the vaccine live (an entry may list two vaccines);
/// else a type covering both kinds leaves it undecided; else it is not live.
pub fn classify(name: &str) -> Option<&'static VaccineType> {
    let norm = normalise(name);
    let mut found: Vec<(usize, usize, &'static VaccineType)> = Vec::new();
    for t in VACCINES {
        for n in t.names {
            found.extend(spans(&norm, n).into_iter().map(|(a, b)| (a, b, t)));
        }
    }
    let kept: Vec<&'static VaccineType> = found
        .iter()
        .filter(|&&(a, b, _)| {
            !found
                .iter()
                .any(|&(c, d, _)| c <= a && b <= d && (d - c) > (b - a))
        })
        .map(|&(_, _, t)| t)
        .collect();
    kept.iter()
        .find(|t| t.live == Some(true))
        .or_else(|| kept.iter().find(|t| t.live.is_none()))
        .or_else(|| kept.first())
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn live(name: &str) -> Option<bool> {
        classify(name).and_then(|t| t.live)
    }

    #[test]
    fn live_vaccines_by_generic_and_brand() {
        for name in [
            "MMR",
            "M-M-R II",
            "Priorix",
            "ProQuad",
            "Varivax",
            "Zostavax",
            "FluMist",
            "Fluenz Tetra",
            "live attenuated influenza vaccine",
            "Live attenuated influenza vaccine (LAIV)",
            "YF-Vax",
            "Stamaril",
            "Vivotif",
            "Ty21a typhoid",
            "RotaTeq",
            "BCG",
            "Vaxchora",
            "Dengvaxia",
            "Qdenga",
            "Ixchiq",
            "OPV",
            "ACAM2000",
            "Ervebo",
            "Yellow fever vaccine",
            "MMR and Shingrix",
        ] {
            assert_eq!(live(name), Some(true), "{name}");
        }
    }

    #[test]
    fn look_alikes_are_not_live() {
        for name in [
            "Shingrix",
            "recombinant zoster vaccine",
            "Fluzone High-Dose",
            "inactivated influenza vaccine",
            "Typhim Vi",
            "Dukoral",
            "IPOL",
            "JYNNEOS",
            "Smallpox and Monkeypox Vaccine, Live, Nonreplicating",
            "Vimkunya",
            "Tdap",
            "COVID-19 (Comirnaty)",
            "Hepatitis B vaccine",
            "Pneumococcal conjugate",
        ] {
            assert_eq!(live(name), Some(false), "{name}");
        }
    }

    #[test]
    fn ambiguous_and_unknown_names_are_undecided() {
        for name in [
            "Influenza",
            "flu vaccine",
            "zoster vaccine",
            "typhoid",
            "polio",
            "mpox vaccine",
            "Xyz-42",
        ] {
            assert_eq!(live(name), None, "{name}");
        }
    }
}
