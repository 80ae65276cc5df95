"""Tests of scorecards."""
