"""The monitoring rules' working tables: the people a run resolves events to (built at the run's
start, dropped at its finish) and the forename-to-nickname-group table. UNLOGGED: rebuilt from the
database at every run, so nothing is lost that cannot be made again."""

from django.db import migrations

KNOWN_SQL = """
CREATE UNLOGGED TABLE counter_corruption_monknown (
    run_id bigint NOT NULL,
    kind varchar(12) NOT NULL,
    owner_id bigint NULL,
    person_id bigint NULL,
    ref varchar(64) NOT NULL DEFAULT '',
    label varchar(300) NOT NULL DEFAULT '',
    surname_key varchar(100) NOT NULL,
    grp varchar(100) NOT NULL DEFAULT '',
    initial varchar(1) NOT NULL DEFAULT '',
    dob date NULL,
    postcode_key varchar(10) NOT NULL DEFAULT ''
);
CREATE INDEX counter_corruption_monknown_key ON counter_corruption_monknown (run_id, surname_key);
CREATE UNLOGGED TABLE counter_corruption_monnick (
    name varchar(100) PRIMARY KEY,
    grp varchar(100) NOT NULL
);
"""


class Migration(migrations.Migration):
    dependencies = [("counter_corruption", "0005_monitoring")]

    operations = [
        migrations.RunSQL(KNOWN_SQL, "DROP TABLE counter_corruption_monknown; DROP TABLE counter_corruption_monnick"),
    ]
