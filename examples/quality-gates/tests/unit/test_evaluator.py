import itertools
from fractions import Fraction

import pytest

from gates import calculate
from gates.errors import EvaluationError
from gates.evaluator import FUNCTIONS, MAX_EXPONENT, evaluate
from gates.nodes import Number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1 + 2 * 3", Fraction(7)),
        ("7 / 2", Fraction(7, 2)),
        ("0.1 + 0.2", Fraction(3, 10)),
        ("-7 % 3", Fraction(2)),
        ("2 ^ 10", Fraction(1024)),
        ("2 ^ -2", Fraction(1, 4)),
        ("-2 ^ 2", Fraction(-4)),
        ("+5", Fraction(5)),
        ("abs(-3)", Fraction(3)),
        ("floor(-2.5)", Fraction(-3)),
        ("ceil(2.1)", Fraction(3)),
        ("min(4, 2, 9)", Fraction(2)),
        ("max(4, 2, 9)", Fraction(9)),
        ("mean(1, 2)", Fraction(3, 2)),
    ],
)
def test_values(text: str, value: Fraction) -> None:
    assert calculate(text) == value


def test_variables() -> None:
    assert calculate("x * y", {"x": Fraction(3), "y": Fraction(1, 3)}) == 1


def test_plain_number_node() -> None:
    assert evaluate(Number(Fraction(5, 3))) == Fraction(5, 3)


@pytest.mark.parametrize(
    ("text", "position", "message"),
    [
        ("1 / 0", 2, "division by zero"),
        ("1 % (2 - 2)", 2, "division by zero"),
        ("0 ^ -1", 2, "division by zero"),
        ("2 ^ 0.5", 2, "exponent must be a whole number"),
        (f"2 ^ {MAX_EXPONENT + 1}", 2, f"exponent larger than {MAX_EXPONENT}"),
        ("(3 ^ 1000) ^ 1000", 11, "result of ^ too large"),
        ("1 + nope", 4, "unknown variable 'nope'"),
        ("sqrt(2)", 0, "unknown function 'sqrt'"),
        ("abs(1, 2)", 0, "abs() takes 1 argument(s), got 2"),
    ],
)
def test_errors(text: str, position: int, message: str) -> None:
    with pytest.raises(EvaluationError) as caught:
        calculate(text)
    assert (caught.value.position, caught.value.message) == (position, message)


def test_variadic_arity_message() -> None:
    FUNCTIONS["pair"] = (2, None, min)
    try:
        with pytest.raises(EvaluationError, match=r"at least 2 argument\(s\), got 1"):
            calculate("pair(1)")
    finally:
        del FUNCTIONS["pair"]


VALUES = [Fraction(p, q) for p in range(-9, 10) for q in (1, 2, 3, 7)]


def test_field_laws_hold_exactly() -> None:
    env: dict[str, Fraction] = {}
    for x, y in itertools.product(VALUES, repeat=2):
        env["x"], env["y"] = x, y
        assert calculate("x + y", env) == calculate("y + x", env)
        assert calculate("(x - y) + y", env) == x
        if y != 0:
            assert calculate("x / y * y", env) == x
            assert calculate("floor(x / y) * y + x % y", env) == x


def test_integer_powers_agree_with_repeated_products() -> None:
    for base in VALUES[::3]:
        for exponent in range(-6, 7):
            if base == 0 and exponent < 0:
                continue
            product = Fraction(1)
            for _ in range(abs(exponent)):
                product *= base
            expected = product if exponent >= 0 else 1 / product
            assert calculate(f"b ^ {exponent}", {"b": base}) == expected
