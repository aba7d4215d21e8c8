"""Runs one session's nox for parnox when that session notifies sessions parnox runs itself.

`session.notify("Y")` makes nox queue Y unless Y is already queued or has run. Under parnox
each session has a nox process of its own whose queue holds that session alone, so without
this a notify would run Y a second time, inside the notifier's process and outside the
order parnox keeps. This launcher starts the same nox, in the same interpreter, with the
same arguments, and only makes a notify of the sessions named in PARNOX_NOTIFY_ELSEWHERE (a
JSON list of signatures) do what it does in sequential nox when they are queued: nothing.
parnox runs those sessions in the order nox would.
"""

import json
import os
import sys


def _install(elsewhere):
    from nox.manifest import Manifest

    original = Manifest.notify

    def notify(self, session, posargs=None):
        # Resolve the target as Manifest.notify does: the first session matching it.
        for candidate in self._all_sessions:
            if (
                candidate == session
                or candidate.name == session
                or session in candidate.signatures
            ):
                names = set(candidate.signatures) | {candidate.friendly_name}
                if names & elsewhere:
                    return False
                break
        return original(self, session, posargs)

    Manifest.notify = notify


def main():
    # Popped, so the session's own commands never see it.
    _install(set(json.loads(os.environ.pop("PARNOX_NOTIFY_ELSEWHERE", "[]"))))
    from nox.__main__ import main as nox_main

    sys.argv = ["nox", *sys.argv[1:]]
    nox_main()


main()
