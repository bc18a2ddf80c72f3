from django.apps import AppConfig


class IntegrityConfig(AppConfig):
    name = "integrity"
    verbose_name = "Integrity registers: business interests, associations, gifts, changes of circumstances"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from audit.access import DESCRIPTIONS

        from .reference import ensure_reference_data

        # a register entry is protected data: another person's entry read is an access event; the
        # label is the entry's reference, never what was declared
        for model, object_type in (
            ("BusinessInterest", "business_interest"),
            ("NotifiableAssociation", "notifiable_association"),
            ("GiftHospitality", "gift_hospitality"),
            ("CircumstanceChange", "circumstance_change"),
        ):
            DESCRIPTIONS[f"integrity.{model}"] = (object_type, lambda o: o.public_id, lambda o: o.reference)
        post_migrate.connect(ensure_reference_data, sender=self, dispatch_uid="integrity.reference")
        from notifications.visibility import register

        from .selectors import entry_notifications_visible

        register("integrity_entry", entry_notifications_visible)
