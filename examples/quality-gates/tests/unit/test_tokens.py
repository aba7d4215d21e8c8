import random

import pytest

from gates.errors import ParseError
from gates.tokens import Kind, Token, tokenize


def kinds(text: str) -> list[Kind]:
    return [token.kind for token in tokenize(text)]


def test_empty_text_is_just_the_end() -> None:
    assert tokenize("") == [Token(Kind.END, "", 0)]


def test_every_kind_of_token() -> None:
    assert kinds("max(x1, 2.5) ^ -3") == [
        Kind.NAME,
        Kind.LPAREN,
        Kind.NAME,
        Kind.COMMA,
        Kind.NUMBER,
        Kind.RPAREN,
        Kind.OPERATOR,
        Kind.OPERATOR,
        Kind.NUMBER,
        Kind.END,
    ]


def test_positions_count_skipped_spaces() -> None:
    tokens = tokenize("  12 +\tab")
    assert [(token.text, token.position) for token in tokens] == [
        ("12", 2),
        ("+", 5),
        ("ab", 7),
        ("", 9),
    ]


@pytest.mark.parametrize("operator", list("+-*/%^"))
def test_each_operator_is_one_token(operator: str) -> None:
    assert tokenize(operator * 2)[:2] == [
        Token(Kind.OPERATOR, operator, 0),
        Token(Kind.OPERATOR, operator, 1),
    ]


@pytest.mark.parametrize(
    ("text", "position"), [("1 $ 2", 2), ("é", 0), ("1.", 1), ("٣", 0)]
)
def test_unexpected_character(text: str, position: int) -> None:
    with pytest.raises(ParseError) as caught:
        tokenize(text)
    assert caught.value.position == position


def test_numbers_and_names_survive_any_spacing() -> None:
    rng = random.Random(1)
    for _ in range(12_000):
        words = [
            rng.choice([str(rng.randint(0, 10**6)), f"v{rng.randint(0, 99)}", "+"])
            for _ in range(rng.randint(1, 8))
        ]
        spaced = "".join(word + " " * rng.randint(1, 3) for word in words)
        assert [token.text for token in tokenize(spaced)[:-1]] == words
