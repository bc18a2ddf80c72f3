import uuid
from functools import cached_property

import pghistory
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models

from .choices import Role


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    exclude=["password", "last_login"],
)
class User(AbstractUser):
    """A member of staff who signs in. Members of the public never have accounts."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.OneToOneField(
        "workforce.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="user_account",
        help_text="The workforce record of this user: needed to apply conflicts of interest.",
    )
    is_demo_account = models.BooleanField(
        default=False, help_text="May sign in without a second factor, only while DEMO_MODE is on."
    )

    class Meta:
        ordering = ["username"]

    @cached_property
    def roles(self) -> frozenset[str]:
        if not self.is_active:
            return frozenset()
        return frozenset(self.groups.values_list("name", flat=True))

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def second_factor_exempt(self) -> bool:
        return bool(settings.DEMO_MODE and self.is_demo_account)

    def role_labels(self) -> list[str]:
        return [Role(r).label for r in sorted(self.roles) if r in Role.values]


class AccountUnlock(models.Model):
    """An administrator unlocked an account that django-axes had locked after failed sign-ins: who,
    when, why, and how many failures the lock held. Written once, never changed (the record is the
    history of the unlock; the attempts themselves are deleted by axes' reset)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    username = models.CharField(max_length=255, help_text="The name typed at sign-in (it may match no account).")
    failures = models.PositiveIntegerField(help_text="Failed sign-ins the lock held when it was lifted.")
    unlocked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    unlocked_at = models.DateTimeField()
    reason = models.TextField()

    class Meta:
        ordering = ["-unlocked_at", "-id"]
        indexes = [models.Index(fields=["-unlocked_at"], name="accounts_unlock_recent")]

    def __str__(self) -> str:
        return f"{self.username} unlocked {self.unlocked_at:%Y-%m-%d %H:%M}"
