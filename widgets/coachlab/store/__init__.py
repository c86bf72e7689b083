"""The store layer: the answers format (:mod:`.answers_format`) and the answer store (:mod:`.store`).

Nothing here imports ipywidgets, Voila or nbgrader: progress, grading and the debrief read answers
without a kernel.
"""
from .answers_format import (ANSWERS_FILE, KINDS, MAX_TEXT_CHARS, SCHEMA_VERSION, AnswersFile, aside_files,
                             clean_value, read_file, record_key)
from .store import DATA_ENV, AnswerStore, Saved, data_folder, file_version, files_read

__all__ = ["ANSWERS_FILE", "DATA_ENV", "KINDS", "MAX_TEXT_CHARS", "SCHEMA_VERSION", "AnswerStore", "AnswersFile",
           "Saved", "aside_files", "clean_value", "data_folder", "file_version", "files_read", "read_file",
           "record_key"]
