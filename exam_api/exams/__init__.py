"""Exams: papers from the question bank, timed attempts, grading, review and statistics."""
