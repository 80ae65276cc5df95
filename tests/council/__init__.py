"""Tests of the council: sessions, votes, questioning, groups, documents."""
