"""newsclean: a trained, deterministic cleaner for newsletters in Markdown."""
