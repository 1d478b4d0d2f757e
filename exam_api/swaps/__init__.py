"""Shift swaps (换班): request, acceptance with handover, approval, and the monthly quota."""
