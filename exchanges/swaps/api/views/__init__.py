"""Views of the swap API, split by noun."""
