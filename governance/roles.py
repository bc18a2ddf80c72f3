"""Who reads what in governance. Exact figures (with the matters behind them, need-to-know applied)
for the force's own people; published figures (counts 1-4 suppressed, no drill-down, nothing that
identifies a subject) for the oversight reader, the local policing body."""

from accounts.choices import Role

# the Home Office return: the file and exact tables for analysts; the suppressed tables for oversight
RETURN_EXACT_READERS = frozenset({Role.ANALYST})
RETURN_PUBLISHED_READERS = frozenset({Role.OVERSIGHT_READER})
# timeliness: exact with drill-down for the force; suppressed, no drill-down for oversight
TIMELINESS_EXACT_READERS = frozenset({Role.ANALYST, Role.SUPERVISOR, Role.APPROPRIATE_AUTHORITY})
TIMELINESS_PUBLISHED_READERS = frozenset({Role.OVERSIGHT_READER})
# the oversight body's own pages
OVERSIGHT_READERS = frozenset({Role.OVERSIGHT_READER})
# the monthly board pack (professional standards board)
BOARD_PACK_READERS = frozenset({Role.ANALYST, Role.APPROPRIATE_AUTHORITY})


def published_only(user) -> bool:
    """True when the user sees only what would be published (the oversight reader)."""
    return user.has_role(*RETURN_PUBLISHED_READERS) and not user.has_role(
        *(RETURN_EXACT_READERS | TIMELINESS_EXACT_READERS)
    )
