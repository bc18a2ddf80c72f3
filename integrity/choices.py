from django.db import models


class EntryStatus(models.TextChoices):
    AWAITING = "awaiting", "Awaiting decision"
    DECIDED = "decided", "Decided"
    RECORDED = "recorded", "Recorded"
    REVIEW_DUE = "review_due", "Annual review due"


class BusinessDecision(models.TextChoices):
    APPROVED = "approved", "Approved"
    CONDITIONS = "conditions", "Approved with conditions"
    REFUSED = "refused", "Refused"


class ReviewAnswer(models.TextChoices):
    """The declarer's answer to the annual review of a business interest."""

    NO_CHANGE = "no_change", "Nothing has changed"
    CHANGED = "changed", "Something has changed"


class AssociationDecision(models.TextChoices):
    NO_ACTION = "no_action", "No action"
    ADVICE = "advice", "Advice given"
    RESTRICTIONS = "restrictions", "Restrictions imposed"
    REFER = "refer_cc", "Referred to counter-corruption"


class GiftDecision(models.TextChoices):
    APPROVED = "approved", "Approved: may be kept"
    REFUSED = "refused", "Refused: to be returned or given up"


class ChangeDecision(models.TextChoices):
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    REFERRED = "referred_vetting", "Acknowledged and referred to vetting"


class RiskLevel(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class Relationship(models.TextChoices):
    FAMILY = "family", "Family member"
    PARTNER = "partner", "Partner or former partner"
    FRIEND = "friend", "Friend"
    NEIGHBOUR = "neighbour", "Neighbour"
    BUSINESS = "business", "Business or work contact"
    OTHER = "other", "Other"
