"""Pure rule evaluation: leave, shift swaps and their explained decisions (no web, no database)."""
