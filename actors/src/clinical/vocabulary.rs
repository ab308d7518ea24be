//! One medication vocabulary for plan items, concomitant medications and
//! treatment history: each concept with its generic name, the names clinicians
//! write for it (brands, biosimilars, EU brands, abbreviations), its RxNorm
//! ingredient code where one was confirmed, and the roles the safety rules
//! look for (a strong CYP3A4 inhibitor, an antifolate, ...).
//!
//! Matching is by whole words after normalisation, so `Zyloprim 300 mg`,
//! `infliximab-dyyb` and `co-trimoxazole` resolve, while `flu` never matches
//! `fluconazole`. A text may name several concepts (a combination product).

use std::collections::HashMap;
use std::sync::OnceLock;

use super::formulary::Drug;

/// What a rule may look for in a medication.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// A TNF blocker.
    AntiTnf,
    /// A biologic used for immune-mediated disease (advanced therapy).
    Biologic,
    JakInhibitor,
    Thiopurine,
    /// Named by the upadacitinib label among "potent immunosuppressants".
    PotentImmunosuppressant,
    XanthineOxidaseInhibitor,
    StrongCyp3a4Inhibitor,
    /// Moderate, or classed differently by different sources.
    OtherCyp3a4Inhibitor,
    StrongCyp3a4Inducer,
    OtherCyp3a4Inducer,
    /// Antifolates and sulfonamide antibiotics (methotrexate label 7.1).
    Antifolate,
    NitrousOxide,
    Nsaid,
    ProtonPumpInhibitor,
    Penicillin,
    Probenecid,
    Aminosalicylate,
    /// Myelosuppressive with thiopurines (azathioprine label).
    Ribavirin,
    SystemicCorticosteroid,
    /// A live organism given as therapy (intravesical BCG for bladder cancer).
    TherapeuticInfectiousAgent,
}

#[derive(Debug)]
pub struct Concept {
    /// Stable key, the generic name in snake case.
    pub id: &'static str,
    pub generic: &'static str,
    /// Names in normalised form (see [`normalise`]); the generic is matched too.
    pub names: &'static [&'static str],
    /// RxNorm RxCUI of the ingredient (or, for a fixed combination, the code
    /// CPIC uses), only where a source confirmed it; `None` otherwise.
    pub rxcui: Option<&'static str>,
    pub roles: &'static [Role],
    /// The formulary drug this concept is, if it is one.
    pub drug: Option<Drug>,
    /// Why a concept that shares a drug's ingredient is not that formulary
    /// product (budesonide for ulcerative colitis, say).
    pub not_formulary: Option<&'static str>,
}

use Role::*;

const fn c(
    id: &'static str,
    generic: &'static str,
    names: &'static [&'static str],
    roles: &'static [Role],
) -> Concept {
    Concept {
        id,
        generic,
        names,
        rxcui: None,
        roles,
        drug: None,
        not_formulary: None,
    }
}

const fn formulary(
    drug: Drug,
    id: &'static str,
    generic: &'static str,
    names: &'static [&'static str],
    roles: &'static [Role],
) -> Concept {
    Concept {
        drug: Some(drug),
        ..c(id, generic, names, roles)
    }
}

const fn with_rxcui(concept: Concept, rxcui: &'static str) -> Concept {
    Concept {
        rxcui: Some(rxcui),
        ..concept
    }
}

/// Every concept. Brand names come from the labels and the FDA/EMA product
/// listings read for `source::labels` (biosimilars by their FDA suffix too).
pub static CONCEPTS: &[Concept] = &[
    // The formulary.
    with_rxcui(
        formulary(
            Drug::Infliximab,
            "infliximab",
            "Infliximab",
            &[
                "ifx", "remicade", "inflectra", "renflexis", "avsola", "ixifi", "zymfentra",
                "remsima", "flixabi", "zessly", "ct p13",
            ],
            &[AntiTnf, Biologic],
        ),
        "191831",
    ),
    with_rxcui(
        formulary(
            Drug::Adalimumab,
            "adalimumab",
            "Adalimumab",
            &[
                "ada", "humira", "amjevita", "cyltezo", "hyrimoz", "hadlima", "yusimry", "hulio",
                "idacio", "yuflyma", "simlandi", "abrilada", "imraldi", "amgevita", "hefiya",
                "amsparity", "hukyndra", "libmyris",
            ],
            &[AntiTnf, Biologic],
        ),
        "327361",
    ),
    formulary(
        Drug::Ustekinumab,
        "ustekinumab",
        "Ustekinumab",
        &[
            "ust", "stelara", "wezlana", "selarsdi", "pyzchiva", "otulfi", "imuldosa", "yesintek",
            "steqeyma", "starjemza", "uzpruvo", "wezenla", "absimky", "eksunbi",
        ],
        &[Biologic],
    ),
    formulary(
        Drug::Vedolizumab,
        "vedolizumab",
        "Vedolizumab",
        &["vdz", "entyvio"],
        &[Biologic],
    ),
    with_rxcui(
        formulary(
            Drug::Risankizumab,
            "risankizumab",
            "Risankizumab",
            &["rzb", "skyrizi"],
            &[Biologic],
        ),
        "2166040",
    ),
    formulary(
        Drug::Upadacitinib,
        "upadacitinib",
        "Upadacitinib",
        &["upa", "rinvoq", "abt 494"],
        &[JakInhibitor],
    ),
    with_rxcui(
        formulary(
            Drug::Azathioprine,
            "azathioprine",
            "Azathioprine",
            &["aza", "imuran", "azasan", "imurel", "imurek", "azamune", "imuprin"],
            &[Thiopurine, PotentImmunosuppressant],
        ),
        "1256",
    ),
    with_rxcui(
        formulary(
            Drug::Mercaptopurine,
            "mercaptopurine",
            "Mercaptopurine",
            &[
                "6 mp", "6mp", "6 mercaptopurine", "purixan", "purinethol", "xaluprine",
                "hanixol",
            ],
            &[Thiopurine, PotentImmunosuppressant],
        ),
        "103",
    ),
    with_rxcui(
        formulary(
            Drug::Methotrexate,
            "methotrexate",
            "Methotrexate",
            &[
                "mtx", "trexall", "otrexup", "rasuvo", "reditrex", "xatmep", "jylamvo", "metoject",
                "rheumatrex", "metex", "nordimet",
            ],
            &[],
        ),
        "6851",
    ),
    with_rxcui(
        formulary(
            Drug::Budesonide,
            "budesonide",
            "Budesonide",
            &[
                "entocort", "entocort ec", "entocort cr", "entocord", "ortikos", "budenofalk",
                "budesonide ec", "budesonide delayed release",
            ],
            &[],
        ),
        "19831",
    ),
    // Budesonide products that are not the Crohn's capsule.
    Concept {
        not_formulary: Some("budesonide for ulcerative colitis, IgA nephropathy, eosinophilic esophagitis or inhalation, not the ileal-release Crohn's product"),
        ..c(
            "budesonide_other",
            "Budesonide (non-Crohn's product)",
            &["uceris", "tarpeyo", "eohilia", "pulmicort", "rhinocort", "symbicort", "budesonide foam", "budesonide extended release tablets"],
            &[],
        )
    },
    Concept {
        not_formulary: Some("upadacitinib oral solution (RINVOQ LQ), not indicated for Crohn's disease and not substitutable for the tablets"),
        ..c("upadacitinib_oral_solution", "Upadacitinib oral solution", &["rinvoq lq"], &[JakInhibitor])
    },
    // Advanced therapies outside the formulary (concomitant or history).
    c("certolizumab_pegol", "Certolizumab pegol", &["certolizumab", "cimzia"], &[AntiTnf, Biologic]),
    c("golimumab", "Golimumab", &["simponi"], &[AntiTnf, Biologic]),
    c("etanercept", "Etanercept", &["enbrel", "erelzi", "eticovo"], &[AntiTnf, Biologic]),
    c("natalizumab", "Natalizumab", &["tysabri", "tyruko"], &[Biologic]),
    c("guselkumab", "Guselkumab", &["tremfya"], &[Biologic]),
    c("mirikizumab", "Mirikizumab", &["omvoh"], &[Biologic]),
    c("anakinra", "Anakinra", &["kineret"], &[Biologic]),
    c("abatacept", "Abatacept", &["orencia"], &[Biologic]),
    c("tocilizumab", "Tocilizumab", &["actemra", "roactemra"], &[Biologic]),
    c("secukinumab", "Secukinumab", &["cosentyx"], &[Biologic]),
    c("ixekizumab", "Ixekizumab", &["taltz"], &[Biologic]),
    c("tofacitinib", "Tofacitinib", &["xeljanz"], &[JakInhibitor]),
    c("baricitinib", "Baricitinib", &["olumiant"], &[JakInhibitor]),
    c("filgotinib", "Filgotinib", &["jyseleca"], &[JakInhibitor]),
    c("abrocitinib", "Abrocitinib", &["cibinqo"], &[JakInhibitor]),
    c("ruxolitinib", "Ruxolitinib", &["jakafi", "jakavi"], &[JakInhibitor]),
    // Potent immunosuppressants (upadacitinib limitation of use).
    with_rxcui(
        c(
        "cyclosporine",
        "Cyclosporine",
        &["ciclosporin", "cyclosporin", "neoral", "sandimmune", "gengraf"],
        &[PotentImmunosuppressant, OtherCyp3a4Inhibitor],
    ),
        "3008",
    ),
    with_rxcui(
        c("tacrolimus", "Tacrolimus", &["prograf", "advagraf", "envarsus"], &[PotentImmunosuppressant]),
        "42316",
    ),
    // Xanthine-oxidase inhibitors.
    with_rxcui(
        c(
            "allopurinol",
            "Allopurinol",
            &["zyloprim", "aloprim", "lopurin", "zyloric", "caplenal", "cosuric", "uricto"],
            &[XanthineOxidaseInhibitor],
        ),
        "519",
    ),
    c("febuxostat", "Febuxostat", &["uloric", "adenuric"], &[XanthineOxidaseInhibitor]),
    // Strong CYP3A4 inhibitors (Lexicomp classification; coformulations by ingredient).
    c("ketoconazole", "Ketoconazole", &["nizoral"], &[StrongCyp3a4Inhibitor]),
    c("levoketoconazole", "Levoketoconazole", &["recorlev"], &[StrongCyp3a4Inhibitor]),
    c("itraconazole", "Itraconazole", &["sporanox", "tolsura", "onmel"], &[StrongCyp3a4Inhibitor]),
    c("posaconazole", "Posaconazole", &["noxafil"], &[StrongCyp3a4Inhibitor]),
    c("voriconazole", "Voriconazole", &["vfend"], &[StrongCyp3a4Inhibitor]),
    c("clarithromycin", "Clarithromycin", &["biaxin"], &[StrongCyp3a4Inhibitor]),
    c("telithromycin", "Telithromycin", &["ketek"], &[StrongCyp3a4Inhibitor]),
    c("nefazodone", "Nefazodone", &["serzone"], &[StrongCyp3a4Inhibitor]),
    c("ritonavir", "Ritonavir", &["norvir"], &[StrongCyp3a4Inhibitor]),
    c(
        "nirmatrelvir_ritonavir",
        "Nirmatrelvir/ritonavir",
        &["paxlovid"],
        &[StrongCyp3a4Inhibitor],
    ),
    c("lopinavir_ritonavir", "Lopinavir/ritonavir", &["kaletra", "lopinavir"], &[StrongCyp3a4Inhibitor]),
    c(
        "cobicistat",
        "Cobicistat",
        &["tybost", "genvoya", "stribild", "prezcobix", "evotaz", "symtuza"],
        &[StrongCyp3a4Inhibitor],
    ),
    c("indinavir", "Indinavir", &["crixivan"], &[StrongCyp3a4Inhibitor]),
    c("nelfinavir", "Nelfinavir", &["viracept"], &[StrongCyp3a4Inhibitor]),
    c("saquinavir", "Saquinavir", &["invirase"], &[StrongCyp3a4Inhibitor]),
    c("atazanavir", "Atazanavir", &["reyataz"], &[StrongCyp3a4Inhibitor]),
    c("darunavir", "Darunavir", &["prezista"], &[StrongCyp3a4Inhibitor]),
    c("ceritinib", "Ceritinib", &["zykadia"], &[StrongCyp3a4Inhibitor]),
    c("idelalisib", "Idelalisib", &["zydelig"], &[StrongCyp3a4Inhibitor]),
    c("tucatinib", "Tucatinib", &["tukysa"], &[StrongCyp3a4Inhibitor]),
    c("lonafarnib", "Lonafarnib", &["zokinvy"], &[StrongCyp3a4Inhibitor]),
    c("mifepristone", "Mifepristone", &["korlym", "mifeprex"], &[StrongCyp3a4Inhibitor]),
    // Moderate or disputed CYP3A4 inhibitors.
    c("grapefruit", "Grapefruit juice", &["grapefruit juice"], &[OtherCyp3a4Inhibitor]),
    c("erythromycin", "Erythromycin", &["ery tab", "erythrocin", "eryped"], &[OtherCyp3a4Inhibitor]),
    c("fluconazole", "Fluconazole", &["diflucan"], &[OtherCyp3a4Inhibitor]),
    c("diltiazem", "Diltiazem", &["cardizem", "tiazac"], &[OtherCyp3a4Inhibitor]),
    c("verapamil", "Verapamil", &["calan", "isoptin", "verelan"], &[OtherCyp3a4Inhibitor]),
    c("conivaptan", "Conivaptan", &["vaprisol"], &[OtherCyp3a4Inhibitor]),
    // Strong CYP3A4 inducers.
    c("rifampin", "Rifampin", &["rifampicin", "rifadin", "rimactane"], &[StrongCyp3a4Inducer]),
    with_rxcui(
        c("carbamazepine", "Carbamazepine", &["tegretol", "carbatrol", "equetro"], &[StrongCyp3a4Inducer]),
        "2002",
    ),
    with_rxcui(
        c("phenytoin", "Phenytoin", &["dilantin"], &[StrongCyp3a4Inducer]),
        "8183",
    ),
    c("fosphenytoin", "Fosphenytoin", &["cerebyx"], &[StrongCyp3a4Inducer]),
    c("phenobarbital", "Phenobarbital", &["phenobarbitone", "luminal"], &[StrongCyp3a4Inducer]),
    c("primidone", "Primidone", &["mysoline"], &[StrongCyp3a4Inducer]),
    c("apalutamide", "Apalutamide", &["erleada"], &[StrongCyp3a4Inducer]),
    c("enzalutamide", "Enzalutamide", &["xtandi"], &[StrongCyp3a4Inducer]),
    c("mitotane", "Mitotane", &["lysodren"], &[StrongCyp3a4Inducer]),
    c("lumacaftor", "Lumacaftor/ivacaftor", &["orkambi"], &[StrongCyp3a4Inducer]),
    // Moderate or disputed inducers.
    c("rifabutin", "Rifabutin", &["mycobutin"], &[OtherCyp3a4Inducer]),
    c("rifapentine", "Rifapentine", &["priftin"], &[OtherCyp3a4Inducer]),
    c("st_johns_wort", "St John's wort", &["st john s wort", "st johns wort", "saint john s wort", "hypericum"], &[OtherCyp3a4Inducer]),
    // Antifolates and sulfonamide antibiotics (methotrexate).
    with_rxcui(
        c(
        "trimethoprim_sulfamethoxazole",
        "Trimethoprim-sulfamethoxazole",
        &[
            "sulfamethoxazole trimethoprim", "bactrim", "bactrim ds", "septra", "septra ds",
            "sulfatrim", "co trimoxazole", "cotrimoxazole", "tmp smx", "smx tmp", "sxt", "tmp sxt",
        ],
        &[Antifolate],
    ),
        "10831",
    ),
    c("trimethoprim", "Trimethoprim", &["primsol", "trimpex"], &[Antifolate]),
    c("sulfamethoxazole", "Sulfamethoxazole", &[], &[Antifolate]),
    c("sulfadiazine", "Sulfadiazine", &[], &[Antifolate]),
    c("dapsone", "Dapsone", &[], &[Antifolate]),
    c("pyrimethamine", "Pyrimethamine", &["daraprim"], &[Antifolate]),
    c("pemetrexed", "Pemetrexed", &["alimta", "pemfexy"], &[Antifolate]),
    c("nitrous_oxide", "Nitrous oxide", &["entonox", "laughing gas", "n2o"], &[NitrousOxide]),
    // Classes that raise methotrexate exposure (monitor).
    c("aspirin", "Aspirin", &["acetylsalicylic acid", "asa"], &[Nsaid]),
    c("ibuprofen", "Ibuprofen", &["advil", "motrin", "nurofen"], &[Nsaid]),
    c("naproxen", "Naproxen", &["aleve", "naprosyn", "anaprox"], &[Nsaid]),
    c("diclofenac", "Diclofenac", &["voltaren", "cataflam"], &[Nsaid]),
    c("celecoxib", "Celecoxib", &["celebrex"], &[Nsaid]),
    c("indomethacin", "Indomethacin", &["indocin"], &[Nsaid]),
    c("meloxicam", "Meloxicam", &["mobic"], &[Nsaid]),
    c("ketorolac", "Ketorolac", &["toradol"], &[Nsaid]),
    c("omeprazole", "Omeprazole", &["prilosec", "losec"], &[ProtonPumpInhibitor]),
    c("esomeprazole", "Esomeprazole", &["nexium"], &[ProtonPumpInhibitor]),
    c("pantoprazole", "Pantoprazole", &["protonix"], &[ProtonPumpInhibitor]),
    c("lansoprazole", "Lansoprazole", &["prevacid"], &[ProtonPumpInhibitor]),
    c("rabeprazole", "Rabeprazole", &["aciphex"], &[ProtonPumpInhibitor]),
    c("dexlansoprazole", "Dexlansoprazole", &["dexilant"], &[ProtonPumpInhibitor]),
    c("amoxicillin", "Amoxicillin", &["amoxil"], &[Penicillin]),
    c(
        "amoxicillin_clavulanate",
        "Amoxicillin/clavulanate",
        &["augmentin", "co amoxiclav"],
        &[Penicillin],
    ),
    c("penicillin", "Penicillin", &["penicillin v", "penicillin g", "phenoxymethylpenicillin"], &[Penicillin]),
    c("ampicillin", "Ampicillin", &[], &[Penicillin]),
    c("piperacillin_tazobactam", "Piperacillin/tazobactam", &["piperacillin", "zosyn", "tazocin"], &[Penicillin]),
    c("flucloxacillin", "Flucloxacillin", &["floxapen"], &[Penicillin]),
    c("dicloxacillin", "Dicloxacillin", &[], &[Penicillin]),
    c("probenecid", "Probenecid", &["probalan"], &[Probenecid]),
    // Aminosalicylates and ribavirin (thiopurine myelosuppression).
    with_rxcui(
        c(
        "mesalamine",
        "Mesalamine",
        &["mesalazine", "5 asa", "asacol", "lialda", "pentasa", "apriso", "delzicol", "salofalk", "octasa", "mezavant"],
        &[Aminosalicylate],
    ),
        "52582",
    ),
    c("sulfasalazine", "Sulfasalazine", &["azulfidine", "salazopyrin"], &[Aminosalicylate]),
    c("balsalazide", "Balsalazide", &["colazal"], &[Aminosalicylate]),
    c("olsalazine", "Olsalazine", &["dipentum"], &[Aminosalicylate]),
    c("ribavirin", "Ribavirin", &["copegus", "rebetol"], &[Ribavirin]),
    // Therapeutic infectious agents (infliximab label 5.13, EU SmPC 4.4). The BCG
    // vaccine is a live vaccine (see vaccines.rs); these names are the bladder instillation.
    c(
        "bcg_intravesical",
        "BCG, intravesical (bladder instillation)",
        &["intravesical bcg", "bcg intravesical", "tice bcg", "bcg live intravesical", "bcg bladder instillation", "theracys", "oncotice", "bcg medac"],
        &[TherapeuticInfectiousAgent],
    ),
    // Systemic corticosteroids (recognised; no interaction rule reads them).
    c("prednisone", "Prednisone", &["deltasone"], &[SystemicCorticosteroid]),
    c("prednisolone", "Prednisolone", &["orapred"], &[SystemicCorticosteroid]),
    c("methylprednisolone", "Methylprednisolone", &["medrol", "solu medrol"], &[SystemicCorticosteroid]),
    c("hydrocortisone", "Hydrocortisone", &["solu cortef", "cortef"], &[SystemicCorticosteroid]),
    // Common medications no rule reads: recognised, so they are not reported as unchecked.
    c("acetaminophen", "Acetaminophen", &["paracetamol", "tylenol"], &[]),
    c("cholecalciferol", "Vitamin D", &["vitamin d", "vitamin d3", "colecalciferol"], &[]),
    c("folic_acid", "Folic acid", &["folate"], &[]),
    c("ferrous_sulfate", "Iron (ferrous sulfate)", &["ferrous sulphate", "iron"], &[]),
    c("loperamide", "Loperamide", &["imodium"], &[]),
    c("calcium_carbonate", "Calcium carbonate", &["calcium", "tums"], &[]),
    c("cetirizine", "Cetirizine", &["zyrtec"], &[]),
    c("metformin", "Metformin", &["glucophage"], &[]),
    c("levothyroxine", "Levothyroxine", &["synthroid", "eltroxin"], &[]),
    c("cyanocobalamin", "Vitamin B12", &["vitamin b12", "b12"], &[]),
    c("montelukast", "Montelukast", &["singulair"], &[]),
    c("salbutamol", "Salbutamol", &["albuterol", "ventolin"], &[]),
];

/// Lower case, letters and digits only, single spaces: `Co-Trimoxazole®` is `co trimoxazole`.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars().flat_map(char::to_lowercase) {
        if ch.is_alphanumeric() {
            out.push(ch);
        } else if !out.ends_with(' ') && !out.is_empty() {
            out.push(' ');
        }
    }
    out.trim_end().to_string()
}

impl Concept {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

/// The concept whose ingredient has this RxNorm RxCUI, where one is recorded.
pub fn by_rxcui(code: &str) -> Option<&'static Concept> {
    CONCEPTS.iter().find(|c| c.rxcui == Some(code))
}

/// Every normalised name (generics too), each with the concepts it names.
fn index() -> &'static (HashMap<String, Vec<&'static Concept>>, usize) {
    static INDEX: OnceLock<(HashMap<String, Vec<&'static Concept>>, usize)> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut map: HashMap<String, Vec<&'static Concept>> = HashMap::new();
        for c in CONCEPTS {
            let generic = normalise(c.generic);
            for n in std::iter::once(generic.as_str()).chain(c.names.iter().copied()) {
                let list = map.entry(n.to_string()).or_default();
                if !list.iter().any(|x| std::ptr::eq(*x, c)) {
                    list.push(c);
                }
            }
        }
        let longest = map.keys().map(|k| k.split(' ').count()).max().unwrap_or(1);
        (map, longest)
    })
}

/// Every concept `text` names, longest match first. A name inside a longer
/// matched name does not count (`lopinavir ritonavir` is one product, not
/// also plain ritonavir, though both are strong inhibitors).
pub fn recognise(text: &str) -> Vec<&'static Concept> {
    let (map, longest) = index();
    let norm = normalise(text);
    let words: Vec<&str> = norm.split(' ').filter(|w| !w.is_empty()).collect();
    // (first word, word count, concept) of every match.
    let mut found: Vec<(usize, usize, &'static Concept)> = Vec::new();
    for start in 0..words.len() {
        for len in 1..=(*longest).min(words.len() - start) {
            if let Some(concepts) = map.get(&words[start..start + len].join(" ")) {
                found.extend(concepts.iter().map(|c| (start, len, *c)));
            }
        }
    }
    let inside = |a: usize, l: usize| {
        found
            .iter()
            .any(|&(b, m, _)| b <= a && a + l <= b + m && m > l)
    };
    let mut kept: Vec<(usize, &'static Concept)> = found
        .iter()
        .filter(|&&(a, l, _)| !inside(a, l))
        .map(|&(_, l, c)| (l, c))
        .collect();
    kept.sort_by_key(|k| std::cmp::Reverse(k.0));
    let mut out: Vec<&'static Concept> = Vec::new();
    for (_, c) in kept {
        if !out.iter().any(|x| std::ptr::eq(*x, c)) {
            out.push(c);
        }
    }
    out
}

/// The formulary drug a plan item names: `Ok` with the concept, or `Err` with
/// why it cannot be one (not recognised, not a formulary product, or naming
/// more than one formulary drug).
pub fn formulary_drug(text: &str) -> Result<&'static Concept, String> {
    let found = recognise(text);
    // Budesonide is the Crohn's product only as ileal-release capsules.
    if found.iter().any(|c| c.drug == Some(Drug::Budesonide)) {
        let norm = normalise(text);
        let words: Vec<&str> = norm.split(' ').collect();
        if let Some(w) = NOT_ILEAL_RELEASE.iter().find(|w| words.contains(w)) {
            return Err(format!(
                "{text:?} is a budesonide {w} product, not the ileal-release capsule the Crohn's label is for"
            ));
        }
    }
    let drugs: Vec<&Concept> = found.iter().copied().filter(|c| c.drug.is_some()).collect();
    match drugs.as_slice() {
        [one] => Ok(one),
        [] => Err(match found.first() {
            Some(c) => match c.not_formulary {
                Some(why) => format!("{text:?} is {why}"),
                None => format!("{text:?} is {} , which is not in the formulary", c.generic)
                    .replace(" ,", ","),
            },
            None => format!("{text:?} is not a medication this vocabulary knows"),
        }),
        many => Err(format!(
            "{text:?} names more than one formulary drug ({}): give one per plan item",
            many.iter()
                .map(|c| c.generic)
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// Words that name a budesonide product other than the ileal-release capsule
/// (UCERIS extended-release tablets, inhalers, nasal sprays, rectal foam).
const NOT_ILEAL_RELEASE: &[&str] = &[
    "tablet",
    "tablets",
    "extended",
    "er",
    "mmx",
    "inhaler",
    "inhalation",
    "inhaled",
    "nebulizer",
    "respules",
    "nasal",
    "spray",
    "rectal",
    "foam",
    "enema",
];

/// The concept of a formulary drug.
pub fn of_drug(drug: Drug) -> &'static Concept {
    CONCEPTS
        .iter()
        .find(|c| c.drug == Some(drug))
        .expect("every formulary drug has a concept")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(text: &str) -> Vec<&'static str> {
        recognise(text).iter().map(|c| c.id).collect()
    }

    #[test]
    fn names_as_clinicians_write_them() {
        assert_eq!(ids("Zyloprim 300 mg tablet"), ["allopurinol"]);
        assert_eq!(ids("infliximab-dyyb"), ["infliximab"]);
        assert_eq!(ids("HUMIRA"), ["adalimumab"]);
        assert_eq!(
            ids("Co-trimoxazole 960 mg"),
            ["trimethoprim_sulfamethoxazole"]
        );
        assert_eq!(ids("Bactrim DS"), ["trimethoprim_sulfamethoxazole"]);
        assert_eq!(ids("6-MP"), ["mercaptopurine"]);
        assert_eq!(
            ids("Paxlovid (nirmatrelvir/ritonavir)")[0],
            "nirmatrelvir_ritonavir"
        );
        assert!(ids("fluconazole").iter().all(|i| *i != "ritonavir"));
        assert!(ids("aspirin").contains(&"aspirin"));
        assert!(ids("snake oil").is_empty());
    }

    #[test]
    fn words_not_substrings() {
        assert!(ids("Maduramicin").is_empty(), "{:?}", ids("Maduramicin"));
        assert!(!ids("Nadalimumab").contains(&"adalimumab"));
        assert_eq!(normalise("  Co-Trimoxazole®  DS "), "co trimoxazole ds");
    }

    #[test]
    fn plan_items_name_one_formulary_drug() {
        assert_eq!(
            formulary_drug("Rinvoq").unwrap().drug,
            Some(Drug::Upadacitinib)
        );
        assert!(formulary_drug("Uceris")
            .unwrap_err()
            .contains("ulcerative colitis"));
        assert!(formulary_drug("Cimzia")
            .unwrap_err()
            .contains("not in the formulary"));
        assert!(formulary_drug("Infliximab + azathioprine")
            .unwrap_err()
            .contains("more than one"));
        assert!(formulary_drug("xyz")
            .unwrap_err()
            .contains("not a medication"));
        for c in CONCEPTS {
            for n in c.names {
                assert_eq!(&normalise(n), n, "{} names are stored normalised", c.id);
            }
        }
    }
}
