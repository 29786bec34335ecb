"""One tmux control-mode client (`tmux -C`) for the screen clocks (bench/screen-poll, bench/pane-keys): commands
go over its standard input and their replies come back as %begin ... %end blocks, so polling a pane every few ms
starts no process. Polling with `tmux capture-pane | grep` started two or three processes a poll, some 30-50 % of
one of the machine's two cores, taken from the very program being timed."""
import subprocess
import sys


class Control:
    def __init__(self, sock, session):
        self.proc = subprocess.Popen(["tmux", "-L", sock, "-C", "attach-session", "-t", session],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
        self.out = self.proc.stdout
        # The attach's own reply block may come before or after the first commands' (tmux reads the commands while
        # it attaches, and a refresh-client sent then fails with "no current client"), so: a marker, then the
        # client's flags (its output notifications off, no say in the window's size), then a second marker. Every
        # reply after the second is the answer to one command sent after it.
        self.sync("tmux-control-attached")
        self.send("refresh-client -f no-output,ignore-size")
        self.sync("tmux-control-ready")

    def send(self, line):
        self.proc.stdin.write((line + "\n").encode())
        self.proc.stdin.flush()

    def block(self):
        """The next reply: its lines, and whether tmux said %error. Notifications between replies are skipped."""
        lines = None
        while True:
            raw = self.out.readline()
            if not raw:
                sys.exit("tmux control client ended")
            if raw.startswith(b"%begin"):
                lines = []
            elif raw.startswith(b"%end") or raw.startswith(b"%error"):
                if lines is not None:
                    return lines, raw.startswith(b"%error")
            elif lines is not None:
                lines.append(raw.decode("utf-8", "replace").rstrip("\n"))

    def sync(self, marker):
        self.send("display-message -p " + marker)
        while marker not in self.block()[0]:
            pass

    def capture(self, target):
        """The pane's lines now (empty on a tmux error, e.g. the pane is being respawned)."""
        self.send("capture-pane -p -t " + target)
        lines, failed = self.block()
        return [] if failed else lines

    def close(self):
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        self.proc.kill()
        self.proc.wait()
