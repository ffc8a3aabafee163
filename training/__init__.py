"""Aligning pairs into labels, fitting and evaluating."""
