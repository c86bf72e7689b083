"""The `coachlab` command: thin wrappers for authors and facilitators.

Each subcommand is one function taking the parsed arguments and returning the exit status,
registered in `COMMANDS` with its arguments. Data problems are printed as ``file:line: message``
with a fix, never as a traceback, and make the command exit with 1.
"""
from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TypeVar

from .content.errors import CourseDataError, Problem

DATA_SUFFIXES = (".yaml", ".yml")
T = TypeVar("T")


def print_problems(problems: Sequence[Problem], limit: int | None = None) -> None:
    """Print each problem as ``file:line: message`` with its fix indented below (the first *limit*)."""
    for p in problems[:limit]:
        print(p)
    if limit is not None and len(problems) > limit:
        print(f"... and {len(problems) - limit} more problems in {problems[limit].file}")


def data_files(paths: Sequence[str]) -> tuple[list[Path], list[Problem]]:
    """The files named, with the YAML files found under any directory named; a path that does not
    exist, cannot be read, or a directory with no YAML file is a problem."""
    files, problems = [], []
    for name in paths:
        path = Path(name)
        try:
            if path.is_dir():
                found, errors = _yaml_files_under(path)
                files += found
                problems += errors
                if not found and not errors:
                    problems.append(Problem(name, None, "no .yaml or .yml files found in this folder",
                                            "check the path: course data is in course/data and course/data/scenarios"))
            elif path.exists():
                files.append(path)
            elif path.is_symlink():
                problems.append(Problem(name, None, "is a symbolic link that leads nowhere (or round to itself)",
                                        "point it at a real file, or name the file itself"))
            else:
                problems.append(Problem(name, None, "no such file or directory", "check the path"))
        except OSError as e:
            problems.append(Problem(name, None, f"cannot read this path ({e.strerror or e})", "check the path"))
    return files, problems


def _yaml_files_under(folder: Path) -> tuple[list[Path], list[Problem]]:
    found, errors = [], []

    def unreadable(e: OSError) -> None:
        errors.append(Problem(str(e.filename or folder), None, f"cannot read this folder ({e.strerror})",
                              "check its permissions"))

    for root, dirs, names in os.walk(folder, onerror=unreadable):  # symbolic links to folders are not followed
        dirs.sort()
        found += [Path(root, n) for n in sorted(names) if Path(n).suffix in DATA_SUFFIXES]
    return [f for f in found if not f.is_dir()], errors  # a pipe or a dangling link is named, not skipped


def check_any(path: Path) -> list[Problem]:
    """Check a course data file: a lesson file (it has a top-level `lesson:`) or a scenario."""
    from .content.lessondata import check_lesson_file
    from .scenario import check_file

    try:
        head = path.read_bytes()[:MAX_SNIFF] if path.is_file() and path.stat().st_size <= MAX_SNIFF else b""
    except OSError:
        head = b""  # the checker reports why the file cannot be read
    is_lesson = head.startswith(b"lesson:") or b"\nlesson:" in head
    return check_lesson_file(path) if is_lesson else check_file(path)


MAX_SNIFF = 4 * 1024 * 1024  # lesson files are small; a larger file is checked as a scenario


def cmd_check(args: argparse.Namespace) -> int:
    """Check course data files: every problem with file, line and fix; exit 1 if there is any."""
    files, problems = data_files(args.paths)
    print_problems(problems)
    for path in files:
        found = _guarded(path, partial(check_any, path))
        if found:
            print_problems(found, limit=100)
        else:
            print(f"{path}: ok")
        problems += found
    n, m = len(files), len(problems)
    print(f"{n} file{'s' * (n != 1)} checked, {m} problem{'s' * (m != 1)}")
    return 1 if problems or not files else 0


def cmd_import_twee(args: argparse.Namespace) -> int:
    """Convert a Twine (Twee 3) story into a scenario YAML file and print where it was written."""
    from .scenario import check_file, twee

    warnings: list[Problem] = []
    source = Path(args.source)
    out = _guarded(source, lambda: twee.import_twee_file(source, Path(args.output) if args.output else None,
                                                          warnings=warnings))
    print_problems(warnings)
    if isinstance(out, list):
        print_problems(out, limit=100)
        return 1
    print(f"wrote {out}")
    problems = check_file(out)  # the story may convert cleanly yet break a scenario rule
    print_problems(problems, limit=100)
    return 1 if problems else 0


def cmd_preview(args: argparse.Namespace) -> int:
    """Write one self-contained HTML map of a scenario: every node and choice, unreachable and stuck nodes marked."""
    from .views.preview_html import write_preview

    source = Path(args.scenario)
    result = _guarded(source, lambda: write_preview(source, Path(args.output) if args.output else None))
    if isinstance(result, list):
        print_problems(result, limit=100)
        return 1
    out, notes = result
    print_problems(notes, limit=100)
    print(f"wrote {out}")
    return 0


def cmd_paths(args: argparse.Namespace) -> int:
    """List every ending of a scenario, per role, with the score range and the number of paths to it."""
    from .scenario.paths import paths_report

    source = Path(args.scenario)
    result = _guarded(source, lambda: paths_report(source))
    if isinstance(result, list):
        print_problems(result, limit=100)
        return 1
    print(result)
    return 0


def _guarded(path: Path, work: Callable[[], T]) -> T | list[Problem]:
    """*work*'s result, or the problems it raised as a CourseDataError; any other exception becomes a
    one-line problem naming *path*, so that a hostile file never ends in a traceback."""
    try:
        return work()
    except CourseDataError as e:
        return e.problems
    except RecursionError:
        return [Problem(str(path), None, "the data is nested too deeply to read", "simplify the file's nesting")]
    except MemoryError:
        return [Problem(str(path), None, "the file is too large to read", "split it into smaller files")]
    except OSError as e:
        return [Problem(str(e.filename or path), None, f"cannot read or write this file ({e.strerror or e})",
                        "check the path and its permissions")]
    except Exception as e:  # the last resort: name the file, never a traceback
        return [Problem(str(path), None, f"coachlab could not process this file ({type(e).__name__}: {e})"[:300],
                        "this is a bug in coachlab: please report it with the file attached")]


def cmd_lab(args: argparse.Namespace) -> int:
    """Open the course in JupyterLab on this machine."""
    from .launch import start_lab

    return start_lab(port=args.port, open_browser=not args.no_browser)


def cmd_site(args: argparse.Namespace) -> int:
    """Serve the course as a site on this machine, with a landing page and the learner's progress."""
    from .launch import course_folder
    from .site import SiteOptions, serve
    from .site.token import kept_token
    from .store import data_folder

    token, notes = kept_token(data_folder(), renew=args.new_key)
    for note in notes:
        print(f"note: {note}")
    return serve(SiteOptions(course=course_folder(), port=args.port, open_browser=not args.no_browser,
                             pool_size=args.warm_kernels, ready_pages=args.ready_pages, token=token))


def cmd_grade(args: argparse.Namespace) -> int:
    """Collect, autograde, write feedback and grades for one assignment, and print a summary."""
    from .grading.pipeline import grade

    report = grade(args.assignment, args.course_dir, from_folder=args.from_folder, due=args.due,
                   roster=args.roster, regrade=args.regrade, jobs=args.jobs)
    print(report.summary())
    return NOT_ALL_GRADED if report.having("not graded") else 0


NOT_ALL_GRADED = 3  # `coachlab grade`: some learner's submission could not be graded (see the summary)
GRADE_EXIT_CODES = ("exit status: 0 every submission was graded (problems found are listed, by learner); "
                    "1 the course data or an option is wrong (nothing graded); 2 the command line is wrong; "
                    f"{NOT_ALL_GRADED} at least one learner's submission could not be graded (named in the summary)")


def cmd_debrief(args: argparse.Namespace) -> int:
    """Write the facilitator's debrief of one assignment (self-contained HTML), or serve it as a dashboard."""
    from .debrief.command import run

    return run(args.assignment, args.course_dir, args.out, names=args.names, dashboard=args.dashboard,
               dashboard_dir=args.dashboard_dir, port=args.port)


def cmd_hub(args: argparse.Namespace) -> int:
    """The cohort on JupyterHub: add or remove a roster's accounts, or run the debrief service."""
    from .hub.command import run

    return run(args.action, args.roster, passwords=args.passwords)


def cmd_mark(args: argparse.Namespace) -> int:
    """Serve the marking page: one rubric question for every learner in turn, with a comment bank."""
    from .grading.mark_server import serve

    return serve(args.course_dir, args.assignment, port=args.port, names=args.names, open_browser=not args.no_browser)


def cmd_answers(args: argparse.Namespace) -> int:
    """Export, summarise or delete the learner's own answers (all of them, or one module's)."""
    from .launch import course_folder
    from .learner_data import course_lessons, delete_answers, export_answers, summary
    from .store import data_folder

    course, folder = Path(args.course) if args.course else course_folder(), data_folder()
    if args.action == "export":
        out = Path(args.out or f"coachlab-answers-{datetime.now():%Y-%m-%d}.zip").expanduser()
        names = export_answers(out, course, folder)
        print(f"wrote {out}: {len(names) - 2} answers file(s) from {folder}, and summary.html")
        return 0
    if args.action == "plan":
        out = Path(args.out or "my-coaching-plan.html").expanduser()
        page = summary(course_lessons(course), folder)
        out.write_text(page.html, encoding="utf-8")
        for note in page.notes:
            print(f"note: {note}")
        print(f"wrote {out}: your plan, ratings and reflections (open it in a browser, or print it)")
        return 0
    what = f"your answers to {args.module}" if args.module else f"every answer you saved in {folder}"
    if not args.yes:
        if not sys.stdin.isatty():
            print(f"coachlab answers delete: this deletes {what}; add --yes to confirm", file=sys.stderr)
            return 1
        if input(f"Delete {what}? This cannot be undone. Type delete to confirm: ").strip().lower() != "delete":
            print("Nothing deleted.")
            return 1
    gone = delete_answers(args.module, course, folder)
    print(f"deleted {len(gone)} file(s) and folder(s)" + "".join(f"\n  {p}" for p in gone) if gone else
          "nothing to delete: no answers saved" + (f" for {args.module}" if args.module else ""))
    return 0


Command = Callable[[argparse.Namespace], int]

# name: (function, one-line help, arguments as (flags, add_argument keywords))
COMMANDS: dict[str, tuple[Command, str, list[tuple[tuple[str, ...], dict]]]] = {
    "check": (cmd_check, "check course data files (scenarios, lesson prompts and quizzes) for errors", [
        (("paths",), {"nargs": "+", "metavar": "PATH",
                      "help": "data files, or directories to search for *.yaml and *.yml"}),
    ]),
    "lab": (cmd_lab, "open the course in JupyterLab on 127.0.0.1 (for workshops)", [
        (("--port",), {"type": int, "default": 8888, "help": "the port to serve on (default: 8888)"}),
        (("--no-browser",), {"action": "store_true", "help": "do not open a web browser"}),
    ]),
    "site": (cmd_site, "serve the course as a self-paced site (Voila) on 127.0.0.1", [
        (("--port",), {"type": int, "default": 8866, "help": "the port to serve on (default: 8866)"}),
        (("--no-browser",), {"action": "store_true", "help": "do not open a web browser"}),
        (("--warm-kernels",), {"type": int, "default": 1, "metavar": "N",
                               "help": "module kernels kept started, ready for the next pages opened (default: 1; "
                                       "about 60 MB each: for a group arriving together, the group's size)"}),
        (("--ready-pages",), {"type": int, "default": 8, "metavar": "N",
                              "help": "module pages kept run ahead of time so that they open at once, starting with "
                                      "your next module (default: 8, every module of this course; about 60 MB each; 0: none)"}),
        (("--new-key",), {"action": "store_true",
                           "help": "make a new login key (the address changes; old bookmarks stop working)"}),
    ]),
    "import-twee": (cmd_import_twee, "convert a Twine story (Twee 3) into a scenario file", [
        (("source",), {"metavar": "FILE.twee"}),
        (("-o", "--output"), {"metavar": "OUT.yaml", "help": "where to write (default: beside the .twee)"}),
    ]),
    "preview": (cmd_preview, "write one HTML page mapping every node and choice of a scenario, for authors", [
        (("scenario",), {"metavar": "SCENARIO.yaml"}),
        (("-o", "--output"), {"metavar": "OUT.html",
                              "help": "where to write (default: SCENARIO.preview.html beside it)"}),
    ]),
    "paths": (cmd_paths, "list every ending of a scenario with its score range and how many paths reach it", [
        (("scenario",), {"metavar": "SCENARIO.yaml"}),
    ]),
    "answers": (cmd_answers, "your own answers: export them all (zip), write your plan to keep (HTML), or delete them", [
        (("action",), {"choices": ["export", "plan", "delete"],
                       "help": "export: a zip of every answers file and a summary; plan: one HTML page to keep or "
                               "print; delete: remove your answers (all, or one --module)"}),
        (("--module",), {"metavar": "LESSON", "help": "with delete: only this module's answers, e.g. 02_jerome"}),
        (("--out",), {"metavar": "FILE", "help": "where to write the zip or the page"}),
        (("--yes",), {"action": "store_true", "help": "with delete: do not ask for confirmation"}),
        (("--course",), {"metavar": "DIR", "help": "the course folder (default: the course/ of this installation)"}),
    ]),
    "grade": (cmd_grade, "grade a cohort's submissions of an assignment: collect, autograde, feedback, grades CSV", [
        (("assignment",), {"metavar": "ASSIGNMENT", "help": "the assignment, e.g. jerome_case"}),
        (("--course-dir",), {"default": ".", "metavar": "DIR",
                             "help": "the cohort's course folder, outside the repository (default: here)"}),
        (("--from-folder",), {"metavar": "SUBMISSIONS",
                              "help": "take submissions from this folder (one sub-folder per learner) "
                                      "instead of collecting them from the exchange"}),
        (("--due",), {"metavar": "DATETIME", "help": "the due date, e.g. '2025-03-14 17:00 Europe/Paris'"}),
        (("--roster",), {"metavar": "FILE", "help": "learner ids, one a line, so that missing ones are listed"}),
        (("--regrade",), {"action": "store_true", "help": "autograde every submission, even unchanged ones"}),
        (("--jobs",), {"type": int, "metavar": "N", "help": "learners autograded at once (default: the number of "
                                                             "processors; 1: one after another)"}),
    ]),
    "mark": (cmd_mark, "mark one rubric question for every learner in turn (blind, with a comment bank), "
                       "on 127.0.0.1; marks go into nbgrader's gradebook", [
        (("assignment",), {"metavar": "ASSIGNMENT", "help": "the assignment, e.g. jerome_case"}),
        (("--course-dir",), {"default": ".", "metavar": "DIR",
                             "help": "the cohort's course folder, where `coachlab grade` ran (default: here)"}),
        (("--port",), {"type": int, "default": 8868,
                       "help": "the port on 127.0.0.1 (default: 8868; 0: any free port)"}),
        (("--names",), {"action": "store_true", "help": "show learners' ids and names (default: anonymous codes)"}),
        (("--no-browser",), {"action": "store_true", "help": "do not open a web browser"}),
    ]),
    "debrief": (cmd_debrief, "a cohort's debrief of an assignment: role-play choices, item analysis, rubrics, "
                             "who has not submitted (HTML report or Voila dashboard)", [
        (("assignment",), {"metavar": "ASSIGNMENT", "help": "the assignment, e.g. jerome_case"}),
        (("--course-dir",), {"default": ".", "metavar": "DIR",
                             "help": "the cohort's course folder, where `coachlab grade` ran (default: here)"}),
        (("--out",), {"metavar": "FILE.html", "help": "where to write the report (default: debrief-ASSIGNMENT.html)"}),
        (("--names",), {"action": "store_true", "help": "show learners' ids and names (default: anonymous codes)"}),
        (("--dashboard",), {"action": "store_true", "help": "serve a Voila dashboard with filters instead"}),
        (("--dashboard-dir",), {"metavar": "DIR", "help": "where to write the dashboard notebook (default: a temporary folder)"}),
        (("--port",), {"type": int, "default": 8867, "help": "the dashboard's port on 127.0.0.1 (default: 8867)"}),
    ]),
    "hub": (cmd_hub, "the cohort on JupyterHub: add-users ROSTER.csv, remove-users ROSTER.csv (root)", [
        (("action",), {"choices": ["add-users", "remove-users", "debrief-service"],
                       "help": "add-users: an account per roster line; remove-users: delete them; "
                               "debrief-service: started by the hub"}),
        (("roster",), {"nargs": "?", "metavar": "ROSTER.csv", "help": "CSV with the header username,role,name"}),
        (("--passwords",), {"metavar": "FILE", "help": "where to write new accounts' passwords "
                                                       "(default: ROSTER-passwords.csv, root only)"}),
    ]),
}


def parser() -> argparse.ArgumentParser:
    """The argument parser with one subcommand per entry of `COMMANDS`."""
    top = argparse.ArgumentParser(prog="coachlab", description="Coaching Lab tools for authors and facilitators.")
    sub = top.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, (func, help_text, arguments) in COMMANDS.items():
        cmd = sub.add_parser(name, help=help_text, description=help_text,
                             epilog=GRADE_EXIT_CODES if name == "grade" else None)
        for flags, options in arguments:
            cmd.add_argument(*flags, **options)
        cmd.set_defaults(func=func)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Run the `coachlab` command with *argv* (default: the command line); return the exit status."""
    try:
        args = parser().parse_args(argv)
    except SystemExit as e:  # --help, or a usage error already printed by argparse
        return e.code if isinstance(e.code, int) else 2
    try:
        return args.func(args)
    except CourseDataError as e:
        print_problems(e.problems, limit=100)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (e.g. `| head`): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception as e:  # the last resort: one line naming what was being read, no traceback
        named = getattr(args, "paths", None) or [getattr(args, n, None) for n in ("source", "scenario", "assignment")]
        what = ", ".join(str(x) for x in named if x) or args.command
        print(f"{what}: coachlab {args.command} failed ({type(e).__name__}: {e})"[:400])
        print("    fix: this is a bug in coachlab: please report it with the command and the file")
        return 1


if __name__ == "__main__":
    sys.exit(main())
