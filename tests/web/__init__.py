"""Tests of the shared web pages."""
