"""Fixtures shared by the roster, leave, swap and audit tests."""

from tests.roster.support import api, assign, decider, make_swap, org  # noqa: F401
