"""`make bench`: run every bench/bench_*.py, each in its own process, and report which failed.

Each script prints its own figures. Pass part of a name to run only some:
`.venv/bin/python bench/run.py pages`.
"""

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(names):
    scripts = sorted(HERE.glob("bench_*.py"))
    if names:
        scripts = [script for script in scripts if any(name in script.stem for name in names)]
    if not scripts:
        print("No benchmark matched: scripts are bench/bench_*.py.")
        return 1
    failed = []
    for script in scripts:
        print(f"=== {script.stem} ===", flush=True)
        started = time.monotonic()
        returncode = subprocess.run([sys.executable, str(script)], cwd=HERE.parent, check=False).returncode
        outcome = "ok" if returncode == 0 else f"FAILED (exit {returncode})"
        print(f"--- {script.stem}: {outcome} in {time.monotonic() - started:.0f}s\n", flush=True)
        if returncode:
            failed.append(script.stem)
    if failed:
        print(f"Failed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
