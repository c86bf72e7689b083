"""``python -m coachlab.site``: ``coachlab site`` with the knobs tests and benchmarks need."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .app import SiteOptions, serve


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m coachlab.site",
                                description="Serve a course folder as the Coaching Lab site.")
    p.add_argument("--course", type=Path, help="the course folder (default: course/ of this checkout)")
    p.add_argument("--port", type=int, default=8866)
    p.add_argument("--no-browser", action="store_true")
    p.add_argument("--pool-size", type=int, default=1, help="warm kernels kept ready (0: none)")
    p.add_argument("--ready-pages", type=int, default=8,
                   help="module pages kept run ahead of time (-1: every module; 0: none)")
    p.add_argument("--cull-idle-timeout", type=int, default=900,
                   help="seconds before an idle kernel with no page connected stops")
    p.add_argument("--cull-interval", type=int, default=60)
    args = p.parse_args(argv)
    if args.course is None:
        from ..launch import course_folder
        args.course = course_folder()
    return serve(SiteOptions(course=args.course, port=args.port, open_browser=not args.no_browser,
                             pool_size=args.pool_size, ready_pages=args.ready_pages, cull_idle_timeout=args.cull_idle_timeout,
                             cull_interval=args.cull_interval))


if __name__ == "__main__":
    sys.exit(main())
