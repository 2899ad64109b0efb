"""Consultations' pages: reading (`reading`), opening and changing (`organising`), and the
documents (`documents`)."""
