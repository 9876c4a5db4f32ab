"""The files a person writes (a practice scenario, the lint's OKR file, a theme file): each
mistake is one sentence naming the file and the field, and what is sound is read as meant."""

from __future__ import annotations

import re
import tomllib
from importlib import resources
from pathlib import Path

import pytest

from catchball.domain.okr_file import OkrFileError, parse_okr
from catchball.domain.scenario import ScenarioError, parse_scenario
from catchball.tui.theme_file import validate_theme_file

BASKET = (resources.files("catchball") / "scenarios" / "squad-basket.toml").read_text(encoding="utf-8")


def _title(text: str) -> str:
    return re.sub(r"^title = .*$", f"title = {text}", BASKET, count=1, flags=re.M)


@pytest.mark.parametrize("text, said", [
    (BASKET.replace('participant = "Olu"', 'participant = "Nobody"', 1),
     "field 'script.1.participant': 'Nobody' is not among the participants"),
    (BASKET.replace('type = "risk"', 'type = "shout"', 1),
     "field 'script.4.type': 'shout' is not one of note, challenge, question, tweak, support, risk"),
    (BASKET.replace('type = "risk"', 'type = "note"', 1),
     "field 'script.4.type': must be challenge, question, tweak, support or risk"),
    (_title('"   "'), "field 'title': must not be blank"),
    (_title('"' + "a" * 201 + '"'), "field 'title': at most 200 characters"),
    (BASKET.replace('name = "Olu"', 'name = "Ol:u"', 1),
     "field 'participants.3.name': a participant's name and team cannot contain ':'"),
    (BASKET.replace('codes_gone = [', 'codes_gone = ["nope", ', 1),
     "field 'good_outcome.codes_gone': unknown finding code 'nope', use one of "),
    (BASKET.replace('links = ["offer", "win"]', 'links = ["offer", "nope"]', 1),
     "field 'drafts.0.links.1': 'nope' is not one of serve, offer, win, say_no, belief, kpi"),
    (BASKET.replace('[readiness]\n', '[readiness]\nnope = "yes"\n', 1),
     "field 'readiness': key 'nope' is not one of strategy, aligned, "),
    (BASKET.replace('id = "squad-basket"', 'id = "squad-basket"\nstop_at_gate = true', 1),
     "field 'stop_at_gate': needs a gate question the readiness table answers no or partly"),
])
def test_a_broken_scenario_is_one_sentence_naming_the_field(text, said):
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(text, "mine.toml")
    assert str(caught.value).startswith(f"mine.toml: {said}")
    assert str(caught.value).endswith(".") and "\n" not in str(caught.value)


def test_a_scenarios_lines_are_folded_to_one_line_and_its_numbers_may_be_text():
    text = _title('"  Basket \\t squad  "').replace("confidence = 5", 'confidence = "5"', 1)
    scenario = parse_scenario(text, "mine.toml")
    assert scenario.title == "Basket squad"  # a Short: one line
    assert scenario.key_results[0].confidence == 5
    assert "\n" in scenario.organisation.strip()  # a Para keeps its lines


@pytest.mark.parametrize("text, said", [
    ('objective = "x"\n[[key_results]]\ntext = "a"\nconfidence = "5"\n',
     "field 'key_results.0.confidence': expected a whole number, got text"),
    ('objective = "x"\n[[key_results]]\ntext = "a"\nconfidence = 5.0\n',
     "field 'key_results.0.confidence': expected a whole number, got a decimal number"),
    ('objective = "x"\nfocused_objectives = true\n',
     "field 'focused_objectives': expected a whole number, got a true/false value"),
    ('objective = "x"\nlevel = "intern"\n', "field 'level': 'intern' is not one of "),
    ('objective = "x"\n[[winning_logic]]\nelement = "nope"\ntext = "t"\n',
     "field 'winning_logic.0.element': 'nope' is not one of "),
    ('objective = "x"\nwinning_logic = ["a"]\nlinks = [3]\n',
     "field 'links': 3 is not a position in winning_logic (1 to 1)"),
    ('objective = "x"\n[[key_results]]\ntext = "a"\nbaseline = true\n',
     "field 'key_results.0.baseline': expected a number or text, got a true/false value"),
])
def test_a_broken_okr_file_is_one_sentence_naming_the_field(text, said):
    with pytest.raises(OkrFileError) as caught:
        parse_okr(text, "okr.toml")
    assert str(caught.value).startswith(f"okr.toml: {said}")


def test_an_okr_file_reads_numbers_as_text_and_ignores_what_a_report_adds():
    okr = parse_okr('objective = "x"\nsummary = "from a report"\nwinning_logic = {element = "kpi", text = "k", '
                    'label = "KPI"}\nlinks = ["kpi"]\n[[key_results]]\ntext = "a"\nbaseline = 18\ntarget = 0.5\n'
                    '[[key_results.exceptions]]\ncode = "activity"\nreason = "r"\nnote = "kept"\n', "okr.toml")
    assert (okr.key_results[0].baseline, okr.key_results[0].target) == ("18", "0.5")
    assert okr.links == [0] and okr.winning_logic[0].element == "kpi"
    assert okr.key_results[0].kept == {"activity": "r"}


@pytest.mark.parametrize("text, said", [
    ('name = "x"\nprimary = "#123456"\nforeground = "#fff"\nbackground = "#000"\n[variables]\n'
     'timer-running = 5\n', "'variables.timer-running': 5 is not a colour"),
    ('name = "x"\ndark = "false"\nprimary = "#123456"\nforeground = "#fff"\nbackground = "#000"\n',
     "'dark': expected true or false, got text"),
    ('name = "a b"\nprimary = "#123456"\nforeground = "#fff"\nbackground = "#000"\n',
     "'name': 'a b' is not a usable theme name"),
    ('name = "x"\nprimary = "#123456"\nforeground = "#fff"\n', "'background' is missing"),
])
def test_a_broken_theme_file_is_one_sentence_naming_the_key(text, said):
    theme, problem = validate_theme_file(Path("mine.toml"), tomllib.loads(text))
    assert theme is None and problem.startswith(f"Theme file mine.toml was skipped: {said}")
