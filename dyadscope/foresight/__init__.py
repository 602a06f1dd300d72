"""Foresight: scenarios as data, Monte Carlo through the assessment's own update rule, backtesting."""

# Monte Carlo paths per scenario, one default for the CLI, the Python API, the JSON API, the dashboard
# and the report (the median moves by under 0.01 between 2,000 and 10,000 paths on the demo).
DEFAULT_RUNS = 2000
