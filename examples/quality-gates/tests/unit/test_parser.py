from fractions import Fraction

import pytest

from gates.errors import ParseError
from gates.nodes import Binary, Call, Node, Number, Unary, Variable
from gates.parser import parse


def n(value: int | str) -> Number:
    return Number(Fraction(value))


def test_number_and_variable() -> None:
    assert parse("2.50") == n("2.5")
    assert parse("speed") == Variable("speed")


def test_multiplication_binds_tighter_than_addition() -> None:
    assert parse("1 + 2 * 3") == Binary("+", n(1), Binary("*", n(2), n(3)))


def test_left_associative_operators() -> None:
    assert parse("8 - 4 - 2") == Binary("-", Binary("-", n(8), n(4)), n(2))
    assert parse("8 / 4 % 3") == Binary("%", Binary("/", n(8), n(4)), n(3))


def test_power_is_right_associative() -> None:
    assert parse("2 ^ 3 ^ 2") == Binary("^", n(2), Binary("^", n(3), n(2)))


def test_power_binds_tighter_than_prefix_minus() -> None:
    assert parse("-2 ^ 2") == Unary("-", Binary("^", n(2), n(2)))
    assert parse("2 ^ -1") == Binary("^", n(2), Unary("-", n(1)))


def test_prefix_operators_nest() -> None:
    assert parse("-+-x") == Unary("-", Unary("+", Unary("-", Variable("x"))))


def test_parentheses_override_precedence() -> None:
    assert parse("(1 + 2) * 3") == Binary("*", Binary("+", n(1), n(2)), n(3))


def test_calls_take_one_or_more_arguments() -> None:
    expected: Node = Call("max", (n(1), Binary("+", Variable("x"), n(2))))
    assert parse("max(1, x + 2)") == expected
    assert parse("abs(-1)") == Call("abs", (Unary("-", n(1)),))


def test_positions_point_at_operators() -> None:
    tree = parse("1 + 2 * 3")
    assert isinstance(tree, Binary) and tree.position == 2
    assert isinstance(tree.right, Binary) and tree.right.position == 6


@pytest.mark.parametrize(
    ("text", "position", "message"),
    [
        ("", 0, "expected a value, found end of input"),
        ("1 +", 3, "expected a value, found end of input"),
        ("1 2", 2, "expected end of input, found '2'"),
        ("(1", 2, "expected ), found end of input"),
        ("max(1,)", 6, "expected a value, found ')'"),
        ("max()", 4, "expected a value, found ')'"),
        ("* 2", 0, "expected a value, found '*'"),
        (")", 0, "expected a value, found ')'"),
        ("1 + " + "9" * 5000, 4, "number has too many digits"),
    ],
)
def test_errors_name_what_was_expected(text: str, position: int, message: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse(text)
    assert (caught.value.position, caught.value.message) == (position, message)


def test_long_chains_parse_in_order() -> None:
    for length in range(1, 300):
        text = " + ".join(str(i) for i in range(length))
        tree = parse(text)
        for i in reversed(range(1, length)):
            assert isinstance(tree, Binary) and tree.right == n(i)
            tree = tree.left
        assert tree == n(0)
