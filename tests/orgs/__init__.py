"""Tests of units, people and their API."""
