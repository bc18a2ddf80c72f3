"""Shared helpers every app may use: date parsing for imports, working days, spreadsheet-safe cells,
count-free pagination, the API's base pagination and error handler, GOV.UK form rendering.

The bottom layer: it imports Django, DRF and the standard library only, never an app of ours.
"""
