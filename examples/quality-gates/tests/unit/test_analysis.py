from gates.analysis import children, depth, free_variables, size
from gates.parser import parse


def test_free_variables() -> None:
    assert free_variables(parse("x + max(y, 2, -x) * z ^ 2")) == {"x", "y", "z"}
    assert free_variables(parse("1 + 2")) == frozenset()


def test_size_and_depth() -> None:
    tree = parse("1 + max(2, -x)")
    assert size(tree) == 6
    assert depth(tree) == 4
    assert size(parse("7")) == depth(parse("7")) == 1


def test_children_in_order() -> None:
    assert children(parse("min(1, 2, 3)")) == tuple(parse(t) for t in "123")
    assert children(parse("x")) == ()
