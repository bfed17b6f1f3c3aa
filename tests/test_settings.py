"""Tests for :mod:`claimledger.settings`: every value checked where it enters, with
a coded error naming the setting, the value, its origin and what is allowed."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from claimledger.cli import cli
from claimledger.errors import ClaimledgerError
from claimledger.settings import RULES, Settings, load_settings, parse_value


def error_of(build) -> str:
    with pytest.raises(ClaimledgerError) as caught:
        build()
    return str(caught.value)


@pytest.mark.parametrize(
    "name,text,expected",
    [
        ("batch_size", "8", 8),
        ("batch_size", " 32 ", 32),
        ("threads", "true", True),
        ("threads", "Yes", True),
        ("threads", "on", True),
        ("threads", "1", True),
        ("outlet_claims", "false", False),
        ("outlet_claims", "NO", False),
        ("outlet_claims", "off", False),
        ("outlet_claims", "0", False),
        ("recurring_min_share", "0.5", 0.5),
        ("recurring_min_share", "1", 1.0),
        ("conflict_window_days", "0", 0),
        ("db", "ledger.db", "ledger.db"),
        ("aliases_file", "mine.toml", "mine.toml"),
        ("aliases_file", "", None),
    ],
)
def test_parse_value_reads_allowed_text(name, text, expected):
    value = parse_value(name, text, "test")
    assert value == expected and type(value) is type(expected)


@pytest.mark.parametrize(
    "name,text,code,allowed",
    [
        ("batch_size", "abc", "E021", "a whole number of at least 1"),
        ("batch_size", "1.5", "E021", "a whole number of at least 1"),
        ("batch_size", "0", "E022", "a whole number of at least 1"),
        ("batch_size", "-3", "E022", "a whole number of at least 1"),
        ("threads", "maybe", "E021", "one of true/yes/on/1/false/no/off/0"),
        ("threads", "", "E021", "one of true/yes/on/1/false/no/off/0"),
        ("recurring_min_share", "1.5", "E022", "a number from 0 to 1"),
        ("recurring_min_share", "-0.1", "E022", "a number from 0 to 1"),
        ("recurring_min_share", "nan", "E021", "a number from 0 to 1"),
        ("approx_tolerance", "inf", "E021", "a number from 0 to 1"),
        ("syndication_threshold", "high", "E021", "a number from 0 to 1"),
        ("thread_incident_days", "-1", "E022", "a whole number of at least 0"),
        ("conflict_window_days", "two", "E021", "a whole number of at least 0"),
        ("thread_min_members", "0", "E022", "a whole number of at least 1"),
        ("recurring_min_articles", "1", "E022", "a whole number of at least 2"),
        ("db", "  ", "E022", "a non-empty text"),
        ("colour", "blue", "E012", "batch_size"),
    ],
)
def test_parse_value_refuses_with_a_coded_message(name, text, code, allowed):
    message = error_of(lambda: parse_value(name, text, "my.cfg"))
    assert message.startswith(f"[{code}]")
    assert name in message and "(from my.cfg)" in message and allowed in message
    if code != "E012":
        assert repr(text) in message


@pytest.mark.parametrize(
    "changes,code",
    [
        ({"batch_size": 0}, "E022"),
        ({"batch_size": "16"}, "E021"),
        ({"batch_size": 2.0}, "E021"),
        ({"batch_size": True}, "E021"),
        ({"threads": "false"}, "E021"),
        ({"threads": 1}, "E021"),
        ({"thread_min_similarity": 1.2}, "E022"),
        ({"exact_tolerance": float("nan")}, "E021"),
        ({"db": ""}, "E022"),
        ({"db": None}, "E021"),
        ({"model": 3}, "E021"),
    ],
)
def test_settings_are_checked_when_built(changes, code):
    message = error_of(lambda: Settings(**changes))
    (name,) = changes
    assert message.startswith(f"[{code}] setting {name} = ")


@pytest.mark.parametrize(
    "changes,expected",
    [
        ({"batch_size": 1}, ("batch_size", 1)),
        ({"recurring_min_share": 1}, ("recurring_min_share", 1.0)),
        ({"db": Path("x.db")}, ("db", "x.db")),
        ({"aliases_file": None}, ("aliases_file", None)),
    ],
)
def test_settings_accept_allowed_values(changes, expected):
    name, value = expected
    got = getattr(Settings(**changes), name)
    assert got == value and type(got) is type(value)


def test_every_setting_has_a_rule_and_its_default_passes_it():
    assert [f for f in Settings.__slots__] == list(RULES)
    assert Settings() == Settings(**{name: getattr(Settings(), name) for name in RULES})


def test_replace_checks_and_names_unknown_settings():
    assert Settings().replace(batch_size=4, db=None).batch_size == 4
    assert error_of(lambda: Settings().replace(batch_size=-1)).startswith("[E022]")
    assert error_of(lambda: Settings().replace(colour="blue")).startswith("[E012] unknown setting 'colour'")


@pytest.mark.parametrize(
    "source,value,code,origin",
    [
        ("file", "batch_size = abc", "E021", "(from claimledger.cfg)"),
        ("file", "threads = maybe", "E021", "(from claimledger.cfg)"),
        ("file", "batch_size = 0", "E022", "(from claimledger.cfg)"),
        ("file", "colour = blue", "E012", "(from claimledger.cfg)"),
        ("file", "no section header", "E023", "claimledger.cfg: bad settings file"),
        ("env", "CLAIMLEDGER_BATCH_SIZE=abc", "E021", "(from environment variable CLAIMLEDGER_BATCH_SIZE)"),
        ("env", "CLAIMLEDGER_THREADS=maybe", "E021", "(from environment variable CLAIMLEDGER_THREADS)"),
        ("env", "CLAIMLEDGER_RECURRING_MIN_SHARE=3", "E022", "(from environment variable CLAIMLEDGER_RECURRING_MIN_SHARE)"),
        ("env", "CLAIMLEDGER_ALIASES= ", None, None),
        ("argument", "batch_size=0", "E022", "(from argument batch_size)"),
        ("argument", "threads=maybe", "E021", "(from argument threads)"),
    ],
)
def test_load_settings_names_where_a_bad_value_came_from(monkeypatch, source, value, code, origin):
    name, _, text = value.partition("=")
    if source == "file":
        body = value if code == "E023" else f"[claimledger]\n{value}\n"
        Path("claimledger.cfg").write_text(body, encoding="utf8")
        build = load_settings
    elif source == "env":
        monkeypatch.setenv(name, text)
        build = load_settings
    else:
        def build():
            return load_settings(None, **{name: text})
    if code is None:
        assert build().aliases_file is None
        return
    message = error_of(build)
    assert message.startswith(f"[{code}]") and origin in message


def test_load_settings_order_file_then_environment_then_arguments(monkeypatch):
    Path("claimledger.cfg").write_text("[claimledger]\nbatch_size = 4\nthreads = no\ndb = file.db\n", encoding="utf8")
    monkeypatch.setenv("CLAIMLEDGER_BATCH_SIZE", "8")
    got = load_settings(db="arg.db")
    assert (got.batch_size, got.threads, got.db) == (8, False, "arg.db")


@pytest.mark.parametrize(
    "env,args,expected",
    [
        ({"CLAIMLEDGER_BATCH_SIZE": "abc"}, ["summary"], "[E021] setting batch_size = 'abc' (from environment variable CLAIMLEDGER_BATCH_SIZE)"),
        ({"CLAIMLEDGER_BATCH_SIZE": "0"}, ["summary"], "[E022] setting batch_size = '0'"),
        ({}, ["--db", " ", "summary"], "[E022] setting db = ' ' (from option --db)"),
        ({}, ["summary", "--db", ""], "[E022] setting db = '' (from option --db)"),
    ],
)
def test_cli_bad_setting_is_a_coded_error_not_a_traceback(monkeypatch, env, args, expected):
    for name, text in env.items():
        monkeypatch.setenv(name, text)
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert expected in result.output


def test_the_readme_settings_table_lists_every_setting_in_order():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf8")
    table = readme[readme.index("| setting | default | allowed | meaning |"):]
    names = []
    for line in table.splitlines()[2:]:
        if not line.startswith("|"):
            break
        names.append(line.split("|")[1].strip(" `"))
    assert names == list(RULES)
