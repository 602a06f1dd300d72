"""Foresight: scenarios as data, Monte Carlo through the assessment's own update rule, backtesting."""
