from bench._setup import django_for_bench
django_for_bench()
from django.db import connection
from counter_corruption.models.monitoring import AuditImport, RulesChunk, RulesRun
from counter_corruption import monitoring_rules as m
imp = AuditImport.objects.last()
run = m.rules_run_start(audit_import_id=imp.id)
chunk = RulesChunk.objects.filter(run=run).first()
sql = m._PEOPLE_SQL.format(events=m._EVENTS.format(import_filter="e.audit_import_id = %(imp)s"), table=m.EVENTS_TABLE, known=m.KNOWN)
params = {"lo": chunk.month, "hi": m.next_month(chunk.month), "low": chunk.low_id, "high": chunk.high_id, "run": run.id, "imp": imp.id}
with connection.cursor() as c:
    c.execute("EXPLAIN (ANALYZE, COSTS OFF) " + sql, params)
    print("\n".join(r[0] for r in c.fetchall()))
