"""Reference data seeded on every migrate: created when missing, never overwritten (administrators
may change the roll-up mapping; their changes stand and are kept in history)."""

# Chinese is rolled up to Asian under both code sets (O1 in 16+1, A4 in 2021), following the
# 2021 classification, so the same people fall in one group whichever code set recorded them.
ETHNICITY_CODES = [
    ("W1", "White: British", "white", "16+1"),
    ("W2", "White: Irish", "white", "16+1"),
    ("W9", "White: any other White background", "white", "16+1"),
    ("M1", "Mixed: White and Black Caribbean", "mixed", "16+1"),
    ("M2", "Mixed: White and Black African", "mixed", "16+1"),
    ("M3", "Mixed: White and Asian", "mixed", "16+1"),
    ("M9", "Mixed: any other Mixed background", "mixed", "16+1"),
    ("A1", "Asian: Indian", "asian", "16+1"),
    ("A2", "Asian: Pakistani", "asian", "16+1"),
    ("A3", "Asian: Bangladeshi", "asian", "16+1"),
    ("A9", "Asian: any other Asian background", "asian", "16+1"),
    ("B1", "Black: Caribbean", "black", "16+1"),
    ("B2", "Black: African", "black", "16+1"),
    ("B9", "Black: any other Black background", "black", "16+1"),
    ("O1", "Chinese", "asian", "16+1"),
    ("O9", "Any other ethnic group", "other", "16+1"),
    ("W3", "White: Gypsy or Irish Traveller", "white", "2021"),
    ("W4", "White: Roma", "white", "2021"),
    ("A4", "Asian: Chinese", "asian", "2021"),
    ("O2", "Other: Arab", "other", "2021"),
]


def ensure_ethnicity_codes(EthnicityCode) -> None:
    existing = set(EthnicityCode.objects.values_list("code", flat=True))
    EthnicityCode.objects.bulk_create(
        [
            EthnicityCode(code=code, description=description, group=group, classification=classification)
            for code, description, group, classification in ETHNICITY_CODES
            if code not in existing
        ]
    )


def ensure_reference_data(**kwargs) -> None:
    from .models import EthnicityCode

    ensure_ethnicity_codes(EthnicityCode)
