"""Tests of the shared infrastructure: text, settings, CLI, docs, translations, jobs."""
