"""Governance models live in modules of their own, one per part, imported here for Django."""
