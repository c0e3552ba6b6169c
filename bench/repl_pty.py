#!/usr/bin/env python3
"""Times velo-repl in a pseudo-terminal, as a person meets it: from exec to the first prompt, and from Enter
to the next prompt for local commands (topics, show jobs, status). Prints one line per measure:
NAME median_ms=… max_ms=… runs=…"""
import os, pty, select, statistics, sys, time

binary, workdir, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
PROMPT = b"velo> "


def read_until(fd, token, count, timeout=30.0):
    """Reads until `token` has appeared `count` times in all output so far; returns the output."""
    out = b""
    deadline = time.monotonic() + timeout
    while out.count(token) < count:
        left = deadline - time.monotonic()
        if left <= 0:
            raise SystemExit(f"timed out waiting for {token!r}; got {out[-300:]!r}")
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
    return out


def session():
    env = dict(os.environ, VELO_HOME=os.path.join(workdir, ".velo"), TERM="xterm", NO_COLOR="1")
    start = time.monotonic()
    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(workdir)
        os.execve(binary, [binary, "--history", os.path.join(workdir, "hist"), "--load", "app.sql"], env)
    read_until(fd, PROMPT, 1)
    first = (time.monotonic() - start) * 1000
    times = {}
    for command in ["topics", "show jobs", "status"]:
        t = time.monotonic()
        os.write(fd, command.encode() + b"\r")
        read_until(fd, PROMPT, 1)  # the echo holds no prompt; the answer ends with the next one
        times[command] = (time.monotonic() - t) * 1000
    os.write(fd, b"quit\r")
    try:
        read_until(fd, b"\n", 1, timeout=5)
    except SystemExit:
        pass
    os.waitpid(pid, 0)
    os.close(fd)
    return first, times


firsts, per = [], {}
for _ in range(runs):
    first, times = session()
    firsts.append(first)
    for k, v in times.items():
        per.setdefault(k, []).append(v)
print(f"prompt median_ms={statistics.median(firsts):.1f} max_ms={max(firsts):.1f} runs={runs}")
for k, v in per.items():
    print(f"{k.replace(' ', '_')} median_ms={statistics.median(v):.1f} max_ms={max(v):.1f} runs={runs}")
