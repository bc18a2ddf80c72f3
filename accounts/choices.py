from django.db import models


class Role(models.TextChoices):
    """The roles of domain.md; each is a Django group of the same name."""

    INVESTIGATOR = "investigator", "Investigator"
    SUPERVISOR = "supervisor", "Supervisor"
    APPROPRIATE_AUTHORITY = "appropriate_authority", "Appropriate authority"
    VETTING_OFFICER = "vetting_officer", "Vetting officer"
    REPORTING_OFFICER = "reporting_officer", "Reporting line officer"
    ANALYST = "analyst", "Anti-corruption analyst"
    HEARINGS_OFFICER = "hearings_officer", "Hearings officer"
    OVERSIGHT_READER = "oversight_reader", "Oversight reader"
    AUDITOR = "auditor", "Information assurance auditor"
    ADMINISTRATOR = "administrator", "Administrator"
    COUNTER_CORRUPTION = "counter_corruption", "Counter-corruption officer"
    INTEGRITY_APPROVER = "integrity_approver", "Integrity register approver"


# Who may read conduct cases at all (need-to-know then narrows it per case).
CASE_READERS = frozenset(
    {
        Role.INVESTIGATOR,
        Role.SUPERVISOR,
        Role.APPROPRIATE_AUTHORITY,
        Role.HEARINGS_OFFICER,
        Role.ANALYST,
        # the counter-corruption unit investigates conduct matters too (its operations are
        # restricted cases, seen only by the unit members named on them)
        Role.COUNTER_CORRUPTION,
    }
)
# Who may look people up in the workforce.
WORKFORCE_READERS = frozenset(
    {
        Role.INVESTIGATOR,
        Role.SUPERVISOR,
        Role.APPROPRIATE_AUTHORITY,
        Role.HEARINGS_OFFICER,
        Role.ANALYST,
        Role.VETTING_OFFICER,
        Role.REPORTING_OFFICER,
        Role.ADMINISTRATOR,
    }
)
# Identity details (date of birth, home postcode) are for vetting and administration only.
IDENTITY_READERS = frozenset({Role.VETTING_OFFICER, Role.ADMINISTRATOR})
# Self-defined ethnicity is for disparity analysis and administration only.
ETHNICITY_READERS = frozenset({Role.ANALYST, Role.ADMINISTRATOR})
AUDIT_READERS = frozenset({Role.AUDITOR})
# Who triages reports from the public reporting line.
# The counter-corruption unit reads the anti-corruption reporting line it is fed by (and records
# intelligence from its reports).
REPORT_TRIAGERS = frozenset({Role.REPORTING_OFFICER, Role.SUPERVISOR, Role.COUNTER_CORRUPTION})
# Who may see a reporter's contact details (after step-up re-authentication, logged).
REPORTER_IDENTITY_READERS = frozenset({Role.SUPERVISOR})
# The Anti-Corruption and Abuse Command's counter-corruption unit: the only readers of
# intelligence logs (counter_corruption.selectors narrows that per log: handling level, the
# named-people list, and never a subject or anyone in a subject's line-management chain).
COUNTER_CORRUPTION_UNIT = frozenset({Role.COUNTER_CORRUPTION})
# Who may open a person's integrity history (each part of it through its own selector; intelligence
# is shown sanitised to anyone outside the unit).
INTEGRITY_HISTORY_READERS = frozenset({Role.COUNTER_CORRUPTION, Role.APPROPRIATE_AUTHORITY, Role.VETTING_OFFICER})
# Who decides business interests, notifiable associations and the other register entries.
INTEGRITY_APPROVERS = frozenset({Role.INTEGRITY_APPROVER})
