"""`python -m parnox ARGS`: runs the parnox executable this package was installed with.

The executable replaces this Python process (exec), so the arguments, the exit status, the
signals (a Ctrl-C reaches parnox, which ends its sessions) and the terminal are parnox's own,
as if `parnox ARGS` had been typed.
"""

from __future__ import annotations

import os
import signal
import sys
import sysconfig


def candidates() -> list[str]:
    """Where installing the wheel put the executable, for each way of installing it."""
    places = [sysconfig.get_path("scripts")]  # a virtualenv, pipx, a system install
    user_scheme = f"{os.name}_user"
    if user_scheme in sysconfig.get_scheme_names():  # pip install --user
        places.append(sysconfig.get_path("scripts", user_scheme))
    # pip install --target DIR puts the package in DIR and the scripts in DIR/bin.
    places.append(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "bin"))
    return [os.path.join(place, "parnox") for place in places]


def main() -> None:
    for path in candidates():
        if os.path.isfile(path) and os.access(path, os.X_OK):
            break
    else:
        sys.exit(
            "parnox: the executable is not where this package was installed with it ("
            + ", ".join(candidates())
            + "): reinstall the parnox wheel"
        )
    # Python ignores SIGPIPE and SIGXFSZ; an ignored signal stays ignored across exec, and
    # parnox's sessions would inherit that. Give them the defaults a shell would.
    for name in ("SIGPIPE", "SIGXFSZ"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    os.execv(path, [path, *sys.argv[1:]])


if __name__ == "__main__":
    main()
