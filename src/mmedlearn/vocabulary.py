"""The answers a programme's categorical columns (and a reader's funding) may take.

Kept apart from :mod:`mmedlearn.schema`, which builds on pandera, so that the command can
offer them as choices without importing pandera (``mmedlearn roi`` and ``--help`` start in a
fraction of a second).
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
