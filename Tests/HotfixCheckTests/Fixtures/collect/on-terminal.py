#!/usr/bin/python3
"""Runs a command on a new pseudo-terminal, as an administrator at a terminal runs it, for the
remote collector's tests: on-terminal.py PROMPT ANSWER -- COMMAND [ARGUMENT...]

Types ANSWER and Enter once the terminal shows PROMPT, then writes to standard output all that
the terminal showed (what the command wrote, and what the terminal echoed of the typing), and
exits with the command's status. A password prompt that echoes shows the password here."""
import os
import pty
import sys


def main():
    prompt, answer = sys.argv[1].encode(), sys.argv[2].encode()
    if sys.argv[3] != "--" or len(sys.argv) < 5:
        raise SystemExit("usage: on-terminal.py PROMPT ANSWER -- COMMAND [ARGUMENT...]")
    command = sys.argv[4:]
    pid, terminal = pty.fork()
    if pid == 0:
        os.execv(command[0], command)
    shown, answered = b"", False
    while True:
        try:
            chunk = os.read(terminal, 4096)
        except OSError:  # EIO: the command ended and the terminal closed
            break
        if not chunk:
            break
        shown += chunk
        if not answered and prompt in shown:
            os.write(terminal, answer + b"\n")
            answered = True
    _, status = os.waitpid(pid, 0)
    sys.stdout.buffer.write(shown)
    sys.exit(os.waitstatus_to_exitcode(status))


if __name__ == "__main__":
    main()
