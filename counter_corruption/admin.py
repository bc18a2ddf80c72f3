from . import queue_admin  # noqa: F401  (the unit's queue weights)
