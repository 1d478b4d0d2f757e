"""Fixtures shared by the roster, leave, swap and audit tests."""

from tests.roster.support import api, assign, decider, org  # noqa: F401
