"""The roster: shift types as data and who works which shift on which day."""
