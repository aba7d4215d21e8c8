"""parnox runs a project's nox sessions in parallel; this package only starts it.

parnox is a C++ executable, which the wheel installs as its script. `python -m parnox` runs
it (__main__.py).
"""
