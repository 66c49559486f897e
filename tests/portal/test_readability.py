"""The reading ease measure (portal/readability.py), against counts worked out by hand."""

import pytest

from connecting_people.portal.readability import (
    flesch_reading_ease,
    page_blocks,
    page_reading,
    reading,
    syllables,
)


@pytest.mark.parametrize(
    ("word", "count"),
    [
        ("cat", 1),
        ("the", 1),
        ("make", 1),
        ("free", 1),
        ("table", 2),
        ("people", 2),
        ("reading", 2),
        ("water", 2),
        ("syllable", 3),
        ("beautiful", 3),
        ("community", 4),
        ("organisation", 5),
        ("you're", 1),
        ("a", 1),
    ],
)
def test_syllables_are_estimated_like_a_reader_says_them(word, count):
    assert syllables(word) == count


def test_a_short_plain_sentence_scores_high():
    # 6 words, 1 sentence, 6 syllables: 206.835 - 1.015 * 6 - 84.6 * 1
    assert flesch_reading_ease("The cat sat on the mat.") == pytest.approx(116.145)


def test_a_long_hard_sentence_scores_low():
    text = (
        "Notwithstanding organisational considerations, practitioners should systematically "
        "operationalise individualised interventions, prioritising collaborative "
        "participation."
    )
    assert flesch_reading_ease(text) < 0


def test_sentences_and_words_are_counted():
    counted = reading("You did it! Well done. Shall we meet on 3 May? Call 116 123.")
    # Numbers are not words; four sentences.
    assert (counted.words, counted.sentences) == (11, 4)


def test_a_plain_passage_counts_as_worked_out_by_hand():
    # 31 words, 4 sentences, 36 syllables by hand; the estimate says 37, as it counts "walked"
    # as two (its known slip on "-ed"): 206.835 - 1.015 * 31 / 4 - 84.6 * 37 / 31 = 98.0
    text = (
        "Heavy rain fell all night. In the morning the river was high and brown. "
        "We walked down to the bridge to look at it. The water was almost at the top."
    )
    assert (reading(text).words, reading(text).sentences, reading(text).syllables) == (31, 4, 37)
    assert flesch_reading_ease(text) == pytest.approx(98.0, abs=0.05)


def test_a_block_without_a_full_stop_is_a_sentence_of_its_own():
    blocks = page_blocks(
        "<header><p>Not counted</p></header><main><h1>My plan</h1><ul><li>Goals</li>"
        "<li>Steps</li></ul><p>You made it together.</p><script>var x = 1;</script></main>"
    )
    assert blocks == ["My plan", "Goals", "Steps", "You made it together."]
    assert page_reading("<main><h1>My plan</h1><p>You made it.</p></main>").sentences == 2


def test_no_words_reads_as_easy():
    assert flesch_reading_ease("") == 100.0
