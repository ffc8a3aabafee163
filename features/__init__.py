"""Markdown into blocks, and blocks into numbers."""
