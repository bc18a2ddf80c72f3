"""Register reference data (seeded when missing, never overwritten: a force may change them)."""

BUSINESS_INTEREST_CATEGORIES = [
    ("paid_employment", "Paid employment"),
    ("directorship", "Directorship"),
    ("shareholding", "Shareholding"),
    ("property_letting", "Property letting"),
    ("self_employment", "Self-employment"),
    ("paid_volunteering", "Volunteering with payment"),
    ("relative_business", "A relative's business"),
]

# code, label, counter-corruption theme an entry of this kind counts towards ('' for none)
CIRCUMSTANCE_KINDS = [
    ("new_partner", "New partner or cohabitant", ""),
    ("address", "Change of address", ""),
    ("financial_difficulty", "Financial difficulty (debt, insolvency, county court judgment)", "vulnerability"),
    ("arrest_self", "Arrest, charge or caution of yourself", ""),
    ("arrest_family", "Arrest, charge or caution of a family member", "inappropriate_association"),
    ("new_association", "New association with someone with a criminal record", "inappropriate_association"),
    ("name_change", "Change of name", ""),
]


def ensure_reference_data(**kwargs) -> None:
    from .models import BusinessInterestCategory, CircumstanceKind

    for order, (code, label) in enumerate(BUSINESS_INTEREST_CATEGORIES):
        BusinessInterestCategory.objects.get_or_create(code=code, defaults={"label": label, "order": order})
    for order, (code, label, theme) in enumerate(CIRCUMSTANCE_KINDS):
        CircumstanceKind.objects.get_or_create(code=code, defaults={"label": label, "theme": theme, "order": order})
