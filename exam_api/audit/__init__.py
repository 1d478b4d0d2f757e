"""The decision log: who decided what, when, under which rule and policy version."""
