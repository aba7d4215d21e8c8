import pytest

from gates import EvaluationError, ExpressionError, ParseError, calculate


def test_describe_points_at_the_error() -> None:
    text = "1 + (2 / 0)"
    with pytest.raises(EvaluationError) as caught:
        calculate(text)
    assert caught.value.describe(text) == "1 + (2 / 0)\n       ^ division by zero"


def test_both_kinds_are_expression_errors() -> None:
    assert issubclass(ParseError, ExpressionError)
    assert issubclass(EvaluationError, ExpressionError)
    assert str(ParseError("bad", 3)) == "bad"
