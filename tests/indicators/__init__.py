"""Tests of plan indicators."""
