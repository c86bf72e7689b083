"""Graded assignments: the helpers their notebook cells call, and the facilitator pipeline.

A graded notebook starts with ``from coachlab.grading import assignment``; everything else here
(``pipeline``, ``nbgrader_ext``, ``settings``) is for facilitators and is imported only by them,
so a learner's kernel and nbgrader's autograder kernel load neither nbgrader nor ipywidgets
through this package.

How an answer travels: a widget saves it in ``coachlab_answers.json`` beside the notebook
(`coachlab.store`); ``nbgrader submit`` and ``collect`` carry that file; the autograder runs the
released notebook against it, and each test cell's hidden line
``case.mark("check-id", {question: [right option ids]})`` turns the saved choices into points
(`marking.mark_check`). The key exists only in that hidden line of ``solutions/``.
"""
from .notebook import Assignment, assignment

__all__ = ["Assignment", "assignment"]
