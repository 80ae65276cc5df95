"""Indicator figures in and out of Excel: the entry template and its upload."""
