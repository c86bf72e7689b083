"""The facilitator's debrief: cohort tables, charts and a report from collected answers and the gradebook.

``read_cohort`` (reader) → ``stats`` (counts) → ``charts`` (static images) → ``report`` (one
self-contained HTML file); ``dashboard`` shows the same in Voila with filters. Nothing here
imports ipywidgets except the dashboard.
"""
from .reader import Cohort, Learner, Problem, read_cohort

__all__ = ["Cohort", "Learner", "Problem", "read_cohort"]
