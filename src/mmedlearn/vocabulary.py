"""The answers a programme's categorical columns (and a reader's funding) may take, and the
names readers see for its columns.

Kept apart from :mod:`mmedlearn.schema`, which builds on pandera, so that the command can
offer them as choices, and print a ranked table, without importing pandera (``mmedlearn roi``
and ``--help`` start in a fraction of a second, ``compare`` too once its catalogue is cached).
"""

RESEARCH_REQUIREMENTS = [
    "thesis",
    "dissertation",
    "research project",
    "research component",
    "examination only",
    "none",
    "unknown",
]
DELIVERY_MODES = ["on campus", "online", "blended", "in post", "examination only", "unknown"]
# "depends on sponsorship": the same programme has salaried and unpaid trainees (e.g. funded
# registrar posts beside self-funded or supernumerary ones), so neither yes nor no is true.
PAID_POST = ["yes", "no", "depends on sponsorship", "unknown"]
#: Funding types a reader picks from (data/pay_scales.csv and data/funding_terms.csv).
FUNDING_TYPES = ("government sponsored", "self sponsored", "supernumerary")

#: How each column of a programmes file is named for a reader (its title in the schema).
COLUMN_LABELS = {
    "program_id": "ID",
    "institution": "Institution",
    "country": "Country",
    "programme": "Programme",
    "specialty": "Specialty",
    "degree_title": "Degree awarded",
    "in_guide": "In the guide",
    "guide_claim": "The guide says",
    "verification": "Verdict",
    "duration_min_years": "Minimum years",
    "duration_max_years": "Maximum years",
    "research_requirement": "Research",
    "clinical_focus": "Clinical training",
    "delivery_mode": "Delivery",
    "paid_post": "Paid post",
    "tuition_per_year": "Tuition a year",
    "one_off_fees": "One-off fees",
    "fee_currency": "Currency",
    "fee_applies_to": "Fee is for",
    "fee_year": "Fee year",
    "sources": "Sources",
    "sources_read": "Sources read",
    "notes": "What the sources say",
}
