"""Coaching Lab: widgets, data and tools for a Jupyter course in coaching leadership."""
from .course import Lesson, lesson
from .content.errors import CourseDataError, Problem
from .store import AnswerStore

__all__ = ["AnswerStore", "CourseDataError", "Lesson", "Problem", "lesson"]
__version__ = "0.1.0"
