"""Run a command and write its wall time, CPU time and peak memory as JSON.

Usage: python3 rusage.py OUTPUT.json COMMAND [ARG...]

The figures come from getrusage(RUSAGE_CHILDREN) after the command exits, so they cover the
command and every descendant it waited for, with microsecond resolution (GNU time prints
only hundredths of a second). stdin, stdout and stderr pass through; the exit code is the
command's own.
"""
import json
import resource
import subprocess
import sys
import time


def main() -> int:
    if len(sys.argv) < 3:
        print("usage: python3 rusage.py OUTPUT.json COMMAND [ARG...]", file=sys.stderr)
        return 2
    output, command = sys.argv[1], sys.argv[2:]
    started = time.perf_counter()
    try:
        completed = subprocess.run(command, check=False)
    except OSError as error:
        print(f"rusage.py: cannot run {command[0]}: {error}", file=sys.stderr)
        return 127
    wall = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(output, "w", encoding="utf-8") as handle:
        json.dump(
            {
                "wall_s": wall,
                "user_s": usage.ru_utime,
                "sys_s": usage.ru_stime,
                "max_rss_kb": usage.ru_maxrss,
                "exit_code": completed.returncode,
            },
            handle,
        )
    return completed.returncode if completed.returncode >= 0 else 128 - completed.returncode


if __name__ == "__main__":
    sys.exit(main())
