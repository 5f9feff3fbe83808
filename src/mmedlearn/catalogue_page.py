"""The catalogue as reading text: every programme in words, by country, for the reference page
(book/catalogue.md) and for the site's search, which indexes text, not tables or charts.

The page is Markdown that the book parses; every value from the data is escaped first, so a
programme's name can never become markup, a link or a formula.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pandas as pd

from mmedlearn.compare import FEE_AGE_LIMIT_YEARS, fee_age_years

# Every ASCII punctuation character may be backslash-escaped in CommonMark; escaping them all
# also disarms MyST's roles ({role}), dollar maths, colon fences and HTML.
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_SEPARATOR = " ; "


def escape_markdown(text: str) -> str:
    """``text`` as literal Markdown text: punctuation escaped, line breaks made spaces."""
    return _PUNCTUATION.sub(r"\\\1", " ".join(str(text).split()))


def _link(title: str, address: str) -> str:
    # An address holds no space (the schema checks); < > and backslash are percent-encoded so
    # it cannot leave the <...> destination.
    safe = quote(address, safe=":/?#[]@!$&'()*+,;=%~-._")
    return f"[{escape_markdown(title)}](<{safe}>)"


def _years(low, high) -> str | None:
    def shown(value) -> str:
        return f"{value:g}"

    def unit(value) -> str:
        return "year" if value == 1 else "years"

    if pd.isna(low) and pd.isna(high):
        return None
    if pd.isna(high):
        return f"at least {shown(low)} {unit(low)}"
    if pd.isna(low):
        return f"at most {shown(high)} {unit(high)}"
    return f"{shown(low)} {unit(low)}" if low == high else f"{shown(low)} to {shown(high)} years"


def _length(programme: pd.Series) -> str:
    years = _years(programme["duration_min_years"], programme["duration_max_years"])
    if years is None:
        return "length not stated"
    if programme.get("duration_from") == "institution":
        return f"{years} (the institution's rule for its MMeds)"
    return years


def _fee(programme: pd.Series) -> str:
    currency = programme["fee_currency"]
    parts = []
    if pd.notna(programme["tuition_per_year"]):
        parts.append(f"{programme['tuition_per_year']:,.0f} {currency} a year")
    if pd.notna(programme["one_off_fees"]):
        parts.append(f"{programme['one_off_fees']:,.0f} {currency} once")
    if not parts:
        return "fee not stated"
    text = " and ".join(parts)
    if pd.notna(programme.get("fee_applies_to")):
        text += f", for {programme['fee_applies_to']}"
    if pd.isna(programme["fee_year"]):
        return text + " (the source states no year: ask for the current fee)"
    age = fee_age_years(programme)
    text += f" ({int(programme['fee_year'])} fee"
    if age is not None and age > FEE_AGE_LIMIT_YEARS:
        text += f", {age} years old when read: ask for the current fee"
    return text + ")"


def _split(value) -> list[str]:
    return value.split(_SEPARATOR) if isinstance(value, str) else []


def _sources(programme: pd.Series) -> str:
    addresses = _split(programme["sources"])
    titles = _split(programme.get("sources_title"))
    page_dates = _split(programme.get("sources_page_date"))
    read_dates = _split(programme.get("sources_read_dates"))
    cited = []
    for n, address in enumerate(addresses):
        if not address.startswith(("http://", "https://")):  # "the guide" in a flat file
            cited.append(escape_markdown(address))
            continue
        title = titles[n] if n < len(titles) else address
        page = page_dates[n] if n < len(page_dates) else None
        read = read_dates[n] if n < len(read_dates) else programme["sources_read"]
        when = [
            "undated" if page == "undated" else f"dated {page}" if page else None,
            f"read {read}" if isinstance(read, str) else None,
        ]
        dates = ", ".join(w for w in when if w)
        cited.append(_link(title, address) + (f" ({escape_markdown(dates)})" if dates else ""))
    return "; ".join(cited)


def programme_line(programme: pd.Series) -> str:
    """One programme as a Markdown list item: who, what, how long, what it costs, from where."""
    specialty = programme["specialty"] if pd.notna(programme["specialty"]) else None
    head = f"**{escape_markdown(programme['institution'])}: {escape_markdown(programme['programme'])}**"
    facts = [
        f"Specialty: {specialty}" if specialty else "Specialty not stated",
        _length(programme),
        _fee(programme),
    ]
    return f"- {head}. " + escape_markdown("; ".join(facts)) + f". Sources: {_sources(programme)}."


def _offered(row: pd.Series | None) -> str:
    if row is None:
        return "not yet estimated"
    low, high = int(row["offered_min"]), int(row["offered_max"])
    count = f"about {high}" if low == high else f"{low} to {high}"
    if row["basis"] == "issue 21 estimate":
        return f"{count} (the project's own estimate from public lists; no source recorded yet)"
    return f"{count} ({row['public_list']})" if pd.notna(row["public_list"]) else count


def coverage_table(programs: pd.DataFrame, coverage: pd.DataFrame) -> pd.DataFrame:
    """Per country: programmes held, and the estimate of programmes offered."""
    held = programs.groupby("country").size().rename("held")
    estimates = coverage.set_index("country")
    countries = sorted(set(held.index) | set(estimates.index))
    rows = []
    for country in countries:
        estimate = estimates.loc[country] if country in estimates.index else None
        rows.append(
            {
                "country": country,
                "held": int(held.get(country, 0)),
                "offered": _offered(estimate),
            }
        )
    return pd.DataFrame(rows, columns=["country", "held", "offered"])


def catalogue_markdown(programs: pd.DataFrame, coverage: pd.DataFrame) -> str:
    """The whole catalogue as Markdown: a count per country against the programmes offered,
    then every programme, grouped by country, each with its length, fee and dated sources."""
    counts = coverage_table(programs, coverage)
    estimated = counts[counts["offered"] != "not yet estimated"]
    lines = [
        f"The catalogue holds {len(programs)} programmes in {programs['country'].nunique()} "
        "countries. Where the number a country offers has been estimated, the count held "
        "is shown against it:",
        "",
    ]
    # A list, not a table: the book renders output Markdown as CommonMark (no tables), and a
    # list reads on a phone.
    for row in estimated.itertuples():
        lines.append(
            f"- {escape_markdown(row.country)}: {row.held} held; offered: "
            f"{escape_markdown(row.offered)}"
        )
    lines.append("")
    for country, group in programs.sort_values(["country", "institution", "programme"]).groupby(
        "country", sort=True
    ):
        offered = counts.set_index("country").loc[country, "offered"]
        lines += [
            f"**{escape_markdown(country)}**: {len(group)} programme"
            f"{'s' if len(group) != 1 else ''} held; offered: {escape_markdown(offered)}.",
            "",
        ]
        lines += [programme_line(programme) for _, programme in group.iterrows()]
        lines.append("")
    return "\n".join(lines)


#: The grades a reader's starting point needs (scenario.start_from_situation), as the page says them.
PAY_GRADES = {
    "medical_officer": "a medical officer (no degree)",
    "registrar": "a registrar or trainee",
    "specialist": "a new specialist",
}


def pay_coverage_markdown(
    pay_scales: pd.DataFrame, sources: pd.DataFrame, countries: list[str]
) -> str:
    """Per country: for each grade the newest sourced pay figure's year, currency and source,
    or that no source was found, so a reader knows before starting which salaries are
    illustrative for their country (issue 22: "where no source gives a figure, say so")."""
    titles = dict(zip(sources["source_id"], sources["title"], strict=False))
    addresses = dict(zip(sources["source_id"], sources["address"], strict=False))
    lines = []
    for country in sorted(countries):
        rows = pay_scales[pay_scales["country"] == country]
        said = []
        for grade, words in PAY_GRADES.items():
            found = rows[rows["grade"] == grade]
            if found.empty:
                said.append(f"{escape_markdown(words)}: no source found")
                continue
            newest = found.sort_values("year", kind="stable", ascending=False).iloc[0]
            year = "year not stated" if pd.isna(newest["year"]) else f"{int(newest['year'])}"
            first = _split(newest["source_ids"])[:1]
            cited = [_link(titles.get(i, i), addresses[i]) for i in first if i in addresses]
            fundings = ", ".join(sorted(set(found["funding"])))
            said.append(
                f"{escape_markdown(words)}: {escape_markdown(year)}, "
                f"{escape_markdown(newest['currency'])}"
                + (f" ({escape_markdown(fundings)})" if grade == "registrar" else "")
                + (f", {cited[0]}" if cited else "")
            )
        lines.append(f"- **{escape_markdown(country)}**: " + "; ".join(said) + ".")
    return "\n".join(lines)
