"""Tests of the permission policy across every page and operation."""
