"""The project's own generator end to end on a small world: the planted misuse found, few others."""

import csv

import pytest

from bench.monitoring_accuracy import import_direct
from counter_corruption.models.monitoring import AlertEvent
from counter_corruption.monitoring_rules import rules_run_start, rules_run_to_completion
from counter_corruption.monitoring_synthetic import extract_write, world_build

pytestmark = pytest.mark.django_db


def test_small_world_recall_and_precision(tmp_path):
    world = world_build(people=300, seed=5)
    extract, truth_file = tmp_path / "extract.csv", tmp_path / "truth.csv"
    extract_write(world, extract, truth_file, events=6000, seed=5)
    truth = {(r["system"], r["event_id"]) for r in csv.DictReader(truth_file.open())}
    imp = import_direct(extract)
    rules_run_to_completion(rules_run_start(audit_import_id=imp.id))
    alerted = set(AlertEvent.objects.values_list("system", "event_id"))
    assert len(truth & alerted) >= 0.9 * len(truth)
    assert len(truth & alerted) >= 0.8 * len(alerted)
