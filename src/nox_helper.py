"""parnox's helper inside the project's own nox: lists its sessions, or runs a session.

parnox runs it through the user's nox command, whatever that is (`nox`, `python3 -m nox`, a
wrapper script, a pipx shim), as `NOX --noxfile <this file>`: nox loads it as its noxfile,
so it runs in the very interpreter, with the very nox, that the sessions run with. What to
do arrives in $PARNOX_HELPER, a JSON object popped at once so that no session sees it:

  {"task": "list", "cwd": DIR, "args": [nox arguments], "result": FILE}
      Parses the arguments with nox's own option parser and runs nox's own loading and
      selection tasks, so every error is nox's own message and exit code. On success it
      writes one JSON document to FILE (schema in src/discovery.h); FILE exists, empty, as
      soon as the helper runs, so parnox can tell nox refusing from the command not being
      nox. What the noxfile prints goes to stderr.

  {"task": "run", "cwd": DIR, "args": [nox arguments], "notify_elsewhere": [signatures],
   "no_dependencies": bool}
      Runs nox's own main on the arguments, except that `session.notify` of the sessions
      named does what it does in sequential nox when they are queued: nothing. parnox runs
      those sessions itself, in the order nox would; under parnox each session has a nox
      of its own whose queue holds that session alone, so without this a notify would run
      them a second time, inside the notifier's nox. With "no_dependencies", the session's
      `requires=` are not run again either: parnox ran them before, as sessions of their
      own (nox's --no-dependencies does that too, but nox 2026 refuses a notify under it,
      and nox before 2026.08 lacks it).

It must run on every nox from 2022.11 on: features are probed, never assumed.
"""

import ast
import inspect
import json
import os
import sys
import textwrap
import types


def _redirect_stdout_to_stderr():
    """Points fd 1 at stderr: what the noxfile prints while loading is no listing."""
    sys.stdout.flush()
    os.dup2(2, 1)


def _parse_args(nox_args):
    from nox import _options

    # nox's parser reads sys.argv and names itself after argv[0] in usage errors.
    sys.argv = ["nox"] + list(nox_args)
    return _options.options.parse_args()


def _run_nox_tasks(config):
    """nox's own workflow up to selection. Returns (manifest, exit code or None)."""
    from nox import tasks

    module = tasks.load_nox_module(config)
    if isinstance(module, int):
        return None, module
    module = tasks.merge_noxfile_options(module, config)
    manifest = tasks.discover_manifest(module, config)
    filtered = tasks.filter_manifest(manifest, config)
    if isinstance(filtered, int):
        # 0 is nox's "no sessions selected": it runs nothing and succeeds.
        return manifest, filtered
    return filtered, None


def _has_requires():
    from nox._decorators import Func

    return "requires" in inspect.signature(Func.__init__).parameters


def _python(session):
    python = session.func.python
    if python is None or isinstance(python, bool):
        return None
    return str(python)


def _venv_backend(session, config):
    if session.func.python is False:
        return "none"
    return (
        getattr(config, "force_venv_backend", None)
        or session.func.venv_backend
        or getattr(config, "default_venv_backend", None)
        or "virtualenv"
    )


def _allow_parallel(session):
    # Only the session's own word counts. nox's -j treats an unset value as "not
    # parallel" because it checks nothing; parnox orders sessions on evidence instead,
    # so unset stays null and only an explicit allow_parallel=False is exclusive.
    value = getattr(session.func, "allow_parallel", None)
    return None if value is None else bool(value)


def _requires(session, queued):
    """Signatures of the session's `requires=`, through nox's own lookup."""
    if not hasattr(session, "get_direct_dependencies"):
        return []
    try:
        return [dep.friendly_name for dep in session.get_direct_dependencies()]
    except (KeyError, ValueError, TypeError):
        # nox resolves lazily and only complains about sessions it runs; queued ones
        # were resolved by filter_manifest already, so this is a session nox skips.
        if session in queued:
            raise
        return []


def _plain_function(func):
    while not isinstance(func, types.FunctionType) and hasattr(func, "func"):
        func = func.func
    return func


def _notify_targets(func):
    """String constants passed to `<anything>.notify(...)` in the function's source."""
    try:
        source = textwrap.dedent(inspect.getsource(_plain_function(func)))
        tree = ast.parse(source)
    except (OSError, TypeError, SyntaxError):
        return []
    targets = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if node.func.attr != "notify":
            continue
        args = list(node.args[:1]) + [
            k.value for k in node.keywords if k.arg == "target"
        ]
        for arg in args:
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                targets.append(arg.value)
    return targets


def _notifies(session, all_sessions):
    """Resolves notify targets as Manifest.notify does: the first session matching."""
    signatures = []
    for target in _notify_targets(session.func):
        for other in all_sessions:
            if other.name == target or target in other.signatures:
                signatures.append(other.friendly_name)
                break
    return signatures


def _describe(session, selected, queued, all_sessions, config):
    return {
        "signature": session.friendly_name,
        "name": session.name,
        "signatures": list(session.signatures),
        "tags": list(session.tags),
        "python": _python(session),
        "venv_backend": _venv_backend(session, config),
        "envdir": os.path.abspath(session.envdir),
        "requires": _requires(session, queued),
        "notifies": _notifies(session, all_sessions),
        "allow_parallel": _allow_parallel(session),
        "default": bool(getattr(session.func, "default", True)),
        "selected": selected,
    }


def _unique(items):
    return list(dict.fromkeys(items))


def _document(manifest, config):
    from nox._version import get_nox_version

    listing = list(manifest.list_all_sessions())
    all_sessions = [session for session, _ in listing]
    queued = list(manifest._queue)
    return {
        "nox_version": str(get_nox_version()),
        "noxfile": os.path.abspath(os.fspath(config.noxfile)),
        "root": os.path.dirname(os.path.abspath(os.fspath(config.noxfile))),
        "nox_has_requires": _has_requires(),
        "nox_has_no_dependencies": hasattr(config, "no_dependencies"),
        "nox_has_parallel": hasattr(config, "parallel"),
        "sessions": [
            _describe(session, selected, queued, all_sessions, config)
            for session, selected in listing
        ],
        # nox would run a session named twice twice; parnox runs each once.
        "queue": _unique(session.friendly_name for session in queued),
    }


def _print_traceback_without_helper(error):
    """Python's own report of an uncaught exception, minus this helper's frames."""
    import traceback

    tb = error.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename == __file__:
        tb = tb.tb_next
    traceback.print_exception(type(error), error, tb)


def _take_over_logging():
    """Leaves nox's logging to the nox this helper starts: the outer nox already set it up
    once, and a second handler would print every line twice."""
    import logging

    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)


def _list(nox_args, result_path):
    # Listing sessions must leave the project as it was: no __pycache__ beside the noxfile.
    sys.dont_write_bytecode = True
    with open(result_path, "w", encoding="utf-8"):
        pass  # the helper ran: from here on, a failure is nox's own
    _redirect_stdout_to_stderr()

    config = _parse_args(nox_args)
    if config.help:
        from nox import _options

        _options.options.print_help()
        return 0
    if config.version:
        from nox._version import get_nox_version

        print(get_nox_version(), file=sys.stderr)
        return 0

    from nox import logger, registry

    _take_over_logging()
    logger.setup_logging(
        color=config.color, verbose=config.verbose, add_timestamp=config.add_timestamp
    )
    if hasattr(registry, "reset"):
        registry.reset()
    try:
        manifest, exit_code = _run_nox_tasks(config)
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # a noxfile that raises: nox's traceback and exit code
        _print_traceback_without_helper(error)
        return 1
    if exit_code not in (None, 0):
        return exit_code
    sys.stdout.flush()
    document = json.dumps(_document(manifest, config))
    with open(result_path, "w", encoding="utf-8") as result:
        result.write(document + "\n")
    return 0


def _limit_notify(elsewhere):
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


def _skip_prerequisites():
    """The session's `requires=` ran before, as sessions of their own: nox must neither
    queue them again nor look for their results in this process."""
    from nox.sessions import SessionRunner

    SessionRunner.get_direct_dependencies = lambda self, sessions_by_id=None: iter(())


def _run(nox_args, elsewhere, no_dependencies):
    from nox.__main__ import main as nox_main

    _limit_notify(set(elsewhere))
    if no_dependencies:
        _skip_prerequisites()
    _take_over_logging()
    sys.argv = ["nox", *nox_args]
    nox_main()
    return 0


def main():
    order = json.loads(os.environ.pop("PARNOX_HELPER"))
    # nox moved into this file's directory to load it; the arguments are relative to the
    # directory parnox started nox in.
    os.chdir(order["cwd"])
    if order["task"] == "list":
        return _list(order["args"], order["result"])
    return _run(order["args"], order["notify_elsewhere"], order["no_dependencies"])


sys.exit(main())
