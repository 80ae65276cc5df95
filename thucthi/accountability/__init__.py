"""Accountability: scorecards per unit and head, and flags for chronic lateness, repeated
extensions and unanswered coordination (DESIGN.md, "accountability")."""
