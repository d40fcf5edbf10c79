#!/usr/bin/env python3
"""Types at a QEMU guest's keyboard and looks at its screen, as a person would.

Scenario oem-gui of tests/vm/run: the graphical first-boot setup runs on the guest's
X server; this program waits until it is on the screen, then follows a script of key
presses (tests/vm/oem-gui.keys) through QEMU's QMP socket (`send-key` reaches the
guest's PS/2 keyboard, so the keys go through the kernel, the X server and the GUI like
a real keyboard's), and saves a screenshot after each step that should change the
screen, failing when the screen did not change.

Usage: gui-keys.py QMP_SOCKET SCRIPT OUT_DIR
       gui-keys.py --x11 DISPLAY SCRIPT OUT_DIR
The second form plays the same script on an X server of this machine (Xvfb) with
xdotool and ImageMagick's import: tests/gui/setup-mode.sh checks the script there in
seconds, before a QEMU run needs it.

Script lines (`#` starts a comment):
  wait-gui SECONDS NAME
                     wait until the screen shows a graphical program (many colours,
                     unchanged for a few seconds), at most SECONDS; save it as NAME.png
  key K[-K…]         press keys together (QEMU key names: ret, tab, esc, down, ctrl, a…)
  type TEXT          type the rest of the line (letters, digits, space, - . _ /)
  secret TEXT        the same, shown as asterisks in the log
  pause SECONDS      wait
  shot NAME          wait until the screen has changed since the last shot and settled,
                     at most 120 s, and save it as OUT_DIR/NAME.png; fails if it
                     did not change
Exit status: 0 when the script ran to its end, 1 otherwise (the reason is logged; a
QEMU guest is then told to quit, as nobody will type at it any more).
"""

import json
import os
import socket
import subprocess
import sys
import time

KEY_GAP = 0.4  # seconds between key presses
AFTER_TAB = 2.0  # the GUI moves the focus in a task of its own: let it land
SETTLE = 3.0  # the screen is settled when two dumps this far apart are equal
GUI_COLOURS = 64  # a text console shows 16 colours at most; a GUI many more

SHIFTED = {"_": "minus"}
PLAIN = {" ": "spc", "-": "minus", ".": "dot", "/": "slash"}


def log(msg):
    print(f"gui-keys: {time.strftime('%H:%M:%S')} {msg}", flush=True)


class Fail(Exception):
    pass


class Qmp:
    def __init__(self, path, timeout=120):
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.sock = socket.socket(socket.AF_UNIX)
                self.sock.connect(path)
                break
            except OSError:
                self.sock.close()
                if time.monotonic() > deadline:
                    raise Fail(f"no QMP socket at {path} after {timeout} s")
                time.sleep(1)
        self.file = self.sock.makefile("rw")
        self._read()  # the greeting
        self.cmd("qmp_capabilities")

    def _read(self):
        line = self.file.readline()
        if not line:
            raise Fail("QEMU closed its QMP socket (the guest is gone)")
        return json.loads(line)

    def cmd(self, name, **args):
        msg = {"execute": name}
        if args:
            msg["arguments"] = args
        self.file.write(json.dumps(msg) + "\n")
        self.file.flush()
        while True:
            reply = self._read()
            if "return" in reply:
                return reply["return"]
            if "error" in reply:
                raise Fail(f"QMP {name}: {reply['error'].get('desc')}")
            # events (for example the guest's reset or powerdown) are skipped

    def keys(self, names):
        self.cmd(
            "send-key",
            keys=[{"type": "qcode", "data": n} for n in names],
            **{"hold-time": 80},
        )

    def screen(self, path):
        """The screen as raw RGB bytes (a PPM dump, read and removed)."""
        self.cmd("screendump", filename=path)
        with open(path, "rb") as f:
            data = f.read()
        os.unlink(path)
        # P6\n<w> <h>\n255\n<rgb>
        parts = data.split(b"\n", 3)
        if parts[0] != b"P6" or len(parts) < 4:
            raise Fail("screendump did not give a PPM image")
        return parts[3]

    def save_png(self, path):
        self.cmd("screendump", filename=path, format="png")


# QEMU key names -> X keysym names (xdotool), where they differ.
KEYSYMS = {
    "ret": "Return", "tab": "Tab", "esc": "Escape", "spc": "space", "dot": "period",
    "up": "Up", "down": "Down", "left": "Left", "right": "Right",
}


class X11:
    """The same keys and screen on an X server of this machine."""

    def __init__(self, display):
        self.display = display

    def _run(self, argv, **kw):
        try:
            return subprocess.run(argv, check=True, capture_output=True, timeout=60, **kw).stdout
        except (OSError, subprocess.SubprocessError) as e:
            raise Fail(f"{argv[0]}: {e}") from None

    def keys(self, names):
        combo = "+".join(KEYSYMS.get(n, n) for n in names)
        self._run(["xdotool", "key", combo], env={**os.environ, "DISPLAY": self.display})

    def screen(self, _path):
        data = self._run(["import", "-display", self.display, "-window", "root", "-depth", "8", "rgb:-"])
        return data

    def save_png(self, path):
        self._run(["import", "-display", self.display, "-window", "root", path])


def colours(rgb):
    # Every 7th pixel is plenty to tell a text console from a GUI.
    return len({rgb[i : i + 3] for i in range(0, len(rgb) - 2, 21)})


def qcodes(ch):
    if ch.isascii() and ch.isalpha():
        return ["shift", ch.lower()] if ch.isupper() else [ch]
    if ch.isdigit():
        return [ch]
    if ch in PLAIN:
        return [PLAIN[ch]]
    if ch in SHIFTED:
        return ["shift", SHIFTED[ch]]
    raise Fail(f"cannot type {ch!r}")


class Driver:
    def __init__(self, qmp, out):
        self.qmp = qmp  # Qmp or X11
        self.out = out
        self.dump = os.path.join(out, ".screen.ppm")
        self.last_shot = None

    def settled(self, limit, want):
        """Dumps the screen until `want(rgb)` holds for two dumps SETTLE apart."""
        deadline = time.monotonic() + limit
        prev = None
        while time.monotonic() < deadline:
            rgb = self.qmp.screen(self.dump)
            if prev is not None and rgb == prev and want(rgb):
                return rgb
            prev = rgb
            time.sleep(SETTLE)
        return None

    def run(self, script):
        for n, raw in enumerate(script.splitlines(), 1):
            typed = raw.lstrip().startswith(("type ", "secret "))
            line = raw.strip() if typed else raw.split("#", 1)[0].strip()
            if not line:
                continue
            word, _, arg = line.partition(" ")
            try:
                self.step(word, arg)
            except Fail as e:
                raise Fail(f"line {n} ({line!r}): {e}") from None

    def step(self, word, arg):
        if word == "wait-gui":
            limit, _, name = arg.partition(" ")
            t0 = time.monotonic()
            rgb = self.settled(float(limit), lambda s: colours(s) >= GUI_COLOURS)
            if rgb is None:
                raise Fail(f"no graphical program on the screen within {limit} s")
            self.last_shot = rgb
            self.qmp.save_png(os.path.join(self.out, f"{name}.png"))
            log(f"the GUI is on the screen ({colours(rgb)} colours sampled, {time.monotonic() - t0:.0f} s)")
        elif word == "key":
            log(f"key {arg}")
            self.qmp.keys(arg.split("-"))
            time.sleep(AFTER_TAB if arg in ("tab", "shift-tab") else KEY_GAP)
        elif word in ("type", "secret"):
            log(f"type {'*' * len(arg) if word == 'secret' else arg}")
            for ch in arg:
                self.qmp.keys(qcodes(ch))
                time.sleep(KEY_GAP)
        elif word == "pause":
            time.sleep(float(arg))
        elif word == "shot":
            t0 = time.monotonic()
            before = self.last_shot
            rgb = self.settled(120, lambda s: s != before)
            if rgb is None:
                raise Fail(f"the screen did not change (and settle) within 120 s before shot {arg}")
            self.last_shot = rgb
            self.qmp.save_png(os.path.join(self.out, f"{arg}.png"))
            log(f"shot {arg}.png ({time.monotonic() - t0:.0f} s)")
        else:
            raise Fail(f"unknown step {word!r}")


def main():
    args = sys.argv[1:]
    x11 = args[1] if args[:1] == ["--x11"] and len(args) == 4 else None
    if x11:
        args = args[1:]
    if len(args) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    sock, script_path, out = args
    os.makedirs(out, exist_ok=True)
    with open(script_path) as f:
        script = f.read()
    backend = None
    try:
        backend = X11(x11) if x11 else Qmp(sock)
        Driver(backend, out).run(script)
    except Fail as e:
        log(f"FAILED: {e}")
        if isinstance(backend, Qmp):
            # The guest would wait for its keys until the boot's time limit: stop it.
            try:
                backend.cmd("quit")
                log("asked QEMU to quit")
            except (Fail, OSError):
                pass
        return 1
    log("the script ran to its end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
