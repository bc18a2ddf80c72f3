"""The queue's weights in the admin: changed with history (pghistory), each change re-scores the queue."""

from django.contrib import admin

from .models import QueueWeight


@admin.register(QueueWeight)
class QueueWeightAdmin(admin.ModelAdmin):
    list_display = ["code", "label", "weight", "parameter"]
    list_editable = ["weight", "parameter"]
