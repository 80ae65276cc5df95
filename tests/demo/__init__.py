"""Tests of the reference and demo data."""
