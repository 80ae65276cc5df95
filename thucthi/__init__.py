"""Thực Thi: from council resolutions to delivered results."""

__version__ = "0.1.0"
