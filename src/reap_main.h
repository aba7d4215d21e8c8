#pragma once

// `parnox __reap --parent PID -- COMMAND...`: what stands in front of an untraced session's
// nox, as the tracer does in front of a traced one, so that nothing of the session outlives
// parnox. It runs COMMAND in its own process group (which the executor made for it), is the
// subreaper of everything the command starts, and ends as the command ends. When parnox
// dies, however it died, the kernel tells it (PR_SET_PDEATHSIG), and it kills every process
// descended from it, daemons that left the process group included, then itself.

/// main() for `__reap`; argv[1] is "__reap".
int ReapMain(int argc, char** argv);
