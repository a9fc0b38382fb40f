"""The two-generation memo behind the snapshot reader's author look-ups."""

from __future__ import annotations

import pytest

from paperkit.bulk import _records
from paperkit.bulk._memo import UNSEEN, Generations


def _counting() -> tuple[Generations[int, str], list[int]]:
    made: list[int] = []

    def make(key: int) -> str:
        made.append(key)
        return f"value {key}"

    return Generations(make, size=3), made


def test_a_key_is_made_once_while_it_is_remembered() -> None:
    memo, made = _counting()
    values = [memo.get(k) for k in (1, 2, 1, 2, 1)]
    assert values == ["value 1", "value 2", "value 1", "value 2", "value 1"]
    assert made == [1, 2]
    assert memo.recent.get(1, UNSEEN) == "value 1"
    assert memo.recent.get(9, UNSEEN) is UNSEEN


def test_memory_is_bounded_by_two_generations() -> None:
    memo, made = _counting()
    for key in range(100):
        memo.get(key)
    assert len(memo.recent) < 3
    assert len(memo.older) == 3
    assert memo.fill() <= 1.0
    memo.get(0)  # long forgotten: made again
    assert made.count(0) == 2


def test_a_key_in_use_survives_the_turn_of_a_generation() -> None:
    memo, made = _counting()
    for key in (1, 2, 3):  # the recent generation fills and becomes the older one
        memo.get(key)
    assert set(memo.older) == {1, 2, 3}
    memo.get(1)  # found in the older generation: copied into the recent one
    for key in (4, 5):  # the recent generation (1, 4, 5) turns: 2 and 3 are dropped
        memo.get(key)
    assert set(memo.older) == {1, 4, 5}
    memo.get(1)
    memo.get(2)
    assert made == [1, 2, 3, 4, 5, 2]


def test_a_failure_is_not_remembered() -> None:
    calls: list[str] = []

    def make(key: str) -> int:
        calls.append(key)
        raise ValueError(key)

    memo: Generations[str, int] = Generations(make, size=4)
    for _ in range(2):
        with pytest.raises(ValueError, match="bad"):
            memo.get("bad")
    assert calls == ["bad", "bad"]
    assert not memo.recent


def test_a_memo_of_no_size_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        Generations(str, size=0)


def test_the_author_memo_shares_one_model_between_records() -> None:
    record = {"id": "0704.0001", "title": "T", "authors_parsed": [["Curie", "Marie", ""]]}
    first = _records.paper_from_record(record)
    second = _records.paper_from_record({**record, "id": "0704.0002"})
    assert first.authors[0] is second.authors[0]
    assert first.authors[0].name == "Marie Curie"
