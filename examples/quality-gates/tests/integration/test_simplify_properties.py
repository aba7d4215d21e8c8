"""Simplifying never changes a value or an error, and never grows a tree."""

import random
from fractions import Fraction

import pytest

from gates import EvaluationError, evaluate, parse, simplify, to_text
from gates.analysis import free_variables, size
from gates.nodes import Node
from tests.generate import bindings, tree


def outcome(node: Node, variables: dict[str, Fraction]) -> Fraction | str:
    try:
        return evaluate(node, variables)
    except EvaluationError as error:
        return error.message


@pytest.mark.parametrize("seed", range(3))
def test_simplify_keeps_values_and_errors(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(1_000):
        node = tree(rng, depth=rng.randint(1, 6))
        simpler = simplify(node)
        assert size(simpler) <= size(node)
        assert free_variables(simpler) <= free_variables(node)
        variables = bindings(rng)
        before, after = outcome(node, variables), outcome(simpler, variables)
        assert before == after


def test_simplify_is_idempotent_and_printable() -> None:
    rng = random.Random(42)
    for _ in range(1_200):
        simpler = simplify(tree(rng, depth=6))
        assert simplify(simpler) == simpler
        assert simplify(parse(to_text(simpler))) == simpler
