"""Which corruption themes (counter_corruption Theme codes) a record on a person's integrity history
counts towards, when the record does not carry themes of its own (an intelligence log does; a
register entry may). Kept as a small table here, in one place, documented in
docs/counter-corruption/history.md: a conduct allegation by its category, a PND screening hit by its
category or offence group. A record that maps to no theme is still on the timeline and in the
counts by kind; it is just not counted under a theme.

The mapping follows the College of Policing Counter-Corruption (Intelligence) APP themes: abuse of
position for a sexual purpose, misuse of systems and disclosure, theft and fraud, drugs,
inappropriate association, and vulnerabilities."""

from __future__ import annotations

from core.timeline import TimelineEntry

# conduct allegation category (cases AllegationCategory code) -> themes
ALLEGATION_CATEGORY_THEMES: dict[str, tuple[str, ...]] = {
    "abuse_of_position": ("apsp",),
    "sexual_misconduct": ("apsp",),
    "corruption": ("inappropriate_association",),
    "dishonesty": ("theft_fraud",),
    "data_misuse": ("misuse_systems",),
}
# PND category or offence group (vetting screening hits) -> themes
SCREENING_CATEGORY_THEMES: dict[str, tuple[str, ...]] = {
    "associate_of_nominal": ("inappropriate_association",),
    "domestic_abuse": ("domestic_abuse",),
    "drug_offences": ("drugs",),
    "fraud": ("theft_fraud",),
    "theft": ("theft_fraud",),
    "sexual_offences": ("apsp",),
}


def themes_for(entry: TimelineEntry) -> tuple[str, ...]:
    """The entry's own themes, else those the table gives its category."""
    if entry.themes:
        return entry.themes
    if entry.kind == "allegation":
        return ALLEGATION_CATEGORY_THEMES.get(entry.extra.get("category", ""), ())
    if entry.kind == "screening_hit":
        found: list[str] = []
        for code in (entry.extra.get("category", ""), entry.extra.get("offence_group", "")):
            for theme in SCREENING_CATEGORY_THEMES.get((code or "").lower(), ()):
                if theme not in found:
                    found.append(theme)
        return tuple(found)
    return ()
