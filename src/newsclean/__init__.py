"""newsclean: a trained, fast, deterministic cleaner for newsletters converted to Markdown.

The public surface is small: ``clean`` cleans one newsletter, ``Cleaner`` is the fitted model
(load, fit, save), ``train`` and ``evaluate`` work on labelled pairs.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["Cleaner", "__version__", "clean", "evaluate", "train"]


def __getattr__(name: str) -> object:
    # Lazy: importing newsclean must stay cheap (scikit-learn takes a second to import).
    if name == "clean":
        from newsclean.model.pipeline import clean

        return clean
    if name == "Cleaner":
        from newsclean.model.cleaner import Cleaner

        return Cleaner
    if name == "train":
        from newsclean.training.train import train

        return train
    if name == "evaluate":
        from newsclean.training.evaluate import evaluate

        return evaluate
    raise AttributeError(f"module 'newsclean' has no attribute {name!r}")
