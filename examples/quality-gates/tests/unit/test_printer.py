from fractions import Fraction

import pytest

from gates.nodes import Binary, Call, Node, Number, Unary, Variable
from gates.parser import parse
from gates.printer import digits_of, format_number, is_decimal, to_text

x, y = Variable("x"), Variable("y")


def n(value: int | str | Fraction) -> Number:
    return Number(Fraction(value))


@pytest.mark.parametrize(
    ("tree", "text"),
    [
        (Binary("+", x, Binary("*", y, n(2))), "x+y*2"),
        (Binary("*", Binary("+", x, y), n(2)), "(x+y)*2"),
        (Binary("-", x, Binary("-", y, n(1))), "x-(y-1)"),
        (Binary("-", Binary("-", x, y), n(1)), "x-y-1"),
        (Binary("^", Binary("^", x, y), n(2)), "(x^y)^2"),
        (Binary("^", x, Binary("^", y, n(2))), "x^y^2"),
        (Binary("^", Unary("-", x), n(2)), "(-x)^2"),
        (Unary("-", Binary("^", x, n(2))), "-x^2"),
        (Binary("^", x, Unary("-", n(2))), "x^-2"),
        (Binary("*", x, Unary("-", Binary("+", y, n(1)))), "x*-(y+1)"),
        (Unary("-", Unary("-", x)), "--x"),
        (Call("max", (x, Binary("+", y, n(1)))), "max(x, y+1)"),
        (n("2.5"), "2.5"),
        (n(-3), "-3"),
        (n(Fraction(1, 3)), "1/3"),
        (n(Fraction(-1, 3)), "-(1/3)"),
        (Binary("/", x, n(Fraction(1, 3))), "x/(1/3)"),
        (Binary("^", n(-2), n(2)), "(-2)^2"),
    ],
)
def test_minimal_parentheses(tree: Node, text: str) -> None:
    assert to_text(tree) == text
    assert to_text(parse(text)) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [(Fraction(0), "0"), (Fraction(7, 4), "1.75"), (Fraction(1, 1024), None)],
)
def test_format_number(value: Fraction, text: str | None) -> None:
    written = format_number(value)
    assert Fraction(written) == value
    assert text is None or written == text


def test_every_finite_decimal_is_written_exactly() -> None:
    for twos in range(12):
        for fives in range(12):
            denominator = 2**twos * 5**fives
            for numerator in range(1, 60, 7):
                value = Fraction(numerator, denominator)
                assert is_decimal(value)
                assert Fraction(format_number(value)) == value


def test_other_denominators_are_not_decimals() -> None:
    for denominator in (3, 6, 7, 12, 15, 30, 1001):
        assert not is_decimal(Fraction(1, denominator))


def test_digits_of_numbers_longer_than_str_allows() -> None:
    assert digits_of(0) == "0"
    assert digits_of(10**1000) == "1" + "0" * 1000
    big = 7**9000
    text = digits_of(big)
    assert len(text) == 7606 and text.startswith("7") and text.endswith("1")
    assert sum(int(digit) for digit in text) % 9 == big % 9
