"""Kefu Portal: the customer-service department handbook, exams, leave, swaps and KPI."""
