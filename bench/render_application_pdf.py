"""How long printing one 社群申請書 PDF takes (target: ≤ 0.5 s).

Sets Django up with the test settings on a temporary SQLite database (migrated here, so the 109
rules are seeded), creates a realistic application (sessions, members, a budget), renders once to
warm up (fonts, stylesheet), then renders N times and prints min/median/max seconds.

    .venv/bin/python bench/render_application_pdf.py [N] [--sessions 10] [--form plan|budget]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs", nargs="?", type=int, default=20)
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--members", type=int, default=5)
    parser.add_argument("--form", choices=["plan", "budget"], default="plan")
    args = parser.parse_args()

    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ.pop("DATABASE_URL", None)
    import django
    from django.conf import settings

    with tempfile.TemporaryDirectory(prefix="bench-print-") as tmp:
        settings.DATABASES["default"]["NAME"] = str(Path(tmp) / "bench.sqlite3")
        django.setup()
        import logging

        logging.disable(logging.INFO)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)

        from communities.tests.builders import realistic_application
        from printing.rendering import render_pdf
        from printing.selectors import application_printout

        application = realistic_application(sessions=args.sessions, members=args.members)

        def render_once() -> int:
            printout = application_printout(application=application, form=args.form)
            return len(render_pdf(printout.html()))

        started = time.perf_counter()
        size = render_once()
        warm_up = time.perf_counter() - started

        timings, cpu = [], []
        for _ in range(args.runs):
            started, started_cpu = time.perf_counter(), time.process_time()
            render_once()
            timings.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)

        print(
            f"render {args.form} PDF: {args.sessions} sessions, {args.members} members, "
            f"{size:,} bytes; warm-up {warm_up:.3f} s"
        )
        print(
            f"{args.runs} runs: min {min(timings):.3f} s  median {statistics.median(timings):.3f} s"
            f"  max {max(timings):.3f} s"
        )
        # CPU time tells the render's own cost apart from waiting for a busy machine.
        print(f"cpu: min {min(cpu):.3f} s  median {statistics.median(cpu):.3f} s")


if __name__ == "__main__":
    main()
