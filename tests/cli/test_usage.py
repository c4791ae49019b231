"""The top-level help is made from the parsers, so it lists every option."""

from __future__ import annotations

import re

from reader.cli import command_names, main, usage_text


def test_help_lists_every_command_and_option(capsys):
    assert main(["--help"]) == 0
    text = capsys.readouterr().out
    assert text == usage_text()
    for name in command_names():
        assert f"\n  {name} " in text or f"\n  {name}\n" in text, name
    flags = ("--text", "--library", "--excerpts", "--cache-dir", "--dry-run", "--remote-images")
    for flag in flags:
        assert flag in text, flag


def test_each_command_help_matches_the_overview(capsys):
    overview = usage_text()
    for name in sorted(command_names()):
        assert main([name, "--help"]) == 0
        own = capsys.readouterr().out
        for line in own.splitlines():
            flags = re.findall(
                r"(?<![\w-])--?[a-z][a-z-]*", line.split("  ")[1] if line.startswith("  -") else ""
            )
            flags = [f for f in flags if f not in ("-h", "--help")]
            if flags:
                assert any(f in overview for f in flags), (name, line)


def test_help_with_a_command_names_that_commands_help(capsys):
    # `help list` printed the overview of every command
    assert main(["help", "list"]) == 0
    own = capsys.readouterr().out
    assert main(["list", "--help"]) == 0
    assert own == capsys.readouterr().out and own.startswith("usage: article-reader list")
    # a command that is not one is named (the overview, exit 0, hid the typo)
    assert main(["help", "no-such-command"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "no command 'no-such-command'" in captured.err
    assert main(["help"]) == 0
    assert capsys.readouterr().out == usage_text()
