"""Tests that the benchmarks' baselines give the same answers as the pages."""
