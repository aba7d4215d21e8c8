"""Printing then parsing gives back the same tree, however the text is spaced."""

import random

import pytest

from gates.analysis import size
from gates.parser import parse
from gates.printer import to_text
from gates.tokens import tokenize
from tests.generate import tree


@pytest.mark.parametrize("seed", range(4))
def test_print_then_parse_is_identity(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(1_000):
        original = tree(rng, depth=rng.randint(1, 7))
        assert parse(to_text(original)) == original


def test_spacing_does_not_matter() -> None:
    rng = random.Random(99)
    for _ in range(1_000):
        text = to_text(tree(rng, depth=5))
        words = [token.text for token in tokenize(text)]
        spaced = "".join(word + " " * rng.randint(0, 2) for word in words)
        assert parse(spaced) == parse(text)


def test_redundant_parentheses_are_dropped() -> None:
    rng = random.Random(7)
    for _ in range(1_000):
        original = tree(rng, depth=5)
        text = to_text(original)
        assert parse(f"(({text}))") == original
        assert len(to_text(parse(f"({text})"))) == len(text)
        assert size(parse(text)) == size(original)
