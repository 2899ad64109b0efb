"""Every write to mutual aid, by subject: `help` (coups de main) and `objects` (objects lent or
given away, their loans and gifts)."""
