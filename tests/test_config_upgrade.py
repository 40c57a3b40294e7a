"""A renamed setting keeps its value and the user is told (app/config_upgrade.py), never silently dropped.

No setting has been renamed yet, so each test plants the step a future release would add: version 2 renames
``directory.stale_days`` to ``directory.stale_after_days`` (a user setting) and ``office.title`` to
``office.name`` (an IT one).
"""

from __future__ import annotations

import tomllib

import pytest

from app import config_upgrade
from app.config import MACHINE, USER, check_file, load_config, save_user_setting
from app.config_upgrade import Step


@pytest.fixture
def renamed(monkeypatch):
    steps = (*config_upgrade.STEPS, Step(2, {"directory.stale_days": "directory.stale_after_days",
                                             "office.title": "office.name"}, "clearer names"))
    monkeypatch.setattr(config_upgrade, "STEPS", steps)
    return steps


def test_the_user_s_renamed_setting_is_carried_over_with_a_backup_and_a_message(tmp_path, renamed):
    user = tmp_path / "settings.toml"
    old = b'settings_version = 1\n\n[directory]\nstale_days = 45\n\n[ui]\nlanguage = "en"\n'
    user.write_bytes(old)
    cfg = load_config(tmp_path / "none.toml", user)
    assert cfg["directory.stale_after_days"] == 45 and cfg.sources["directory.stale_after_days"] == USER
    assert cfg["ui.language"] == "en"
    [notice] = [str(p) for p in cfg.problems]
    backup = tmp_path / "settings.toml.v1.bak"
    assert notice == (f"{user}: impostazioni aggiornate alla versione 2: «directory.stale_days» ora si chiama "
                      f"«directory.stale_after_days»; copia del file precedente: {backup}")
    assert backup.read_bytes() == old
    upgraded = tomllib.loads(user.read_text(encoding="utf-8"))
    assert upgraded == {"settings_version": 2, "directory": {"stale_after_days": 45}, "ui": {"language": "en"}}
    again = load_config(tmp_path / "none.toml", user)  # once done, done: no second message, the copy is kept
    assert again.problems == [] and again["directory.stale_after_days"] == 45 and backup.read_bytes() == old


def test_without_the_step_the_old_name_would_be_lost(tmp_path):
    """What the mechanism prevents: an unknown key is ignored, and its value with it."""
    user = tmp_path / "settings.toml"
    user.write_text("[directory]\nstale_days = 45\n", encoding="utf-8")
    cfg = load_config(tmp_path / "none.toml", user)
    assert cfg["directory.stale_after_days"] == 180
    assert "impostazione sconosciuta «directory.stale_days», ignorata" in str(cfg.problems[0])


def test_it_s_file_is_read_with_the_old_name_never_written_and_check_says_what_to_rename(tmp_path, renamed):
    machine = tmp_path / "raccordo.toml"
    text = '[office]\ntitle = "UNEP di Milano"\n'
    machine.write_text(text, encoding="utf-8")
    cfg = load_config(machine, None)
    assert cfg["office.name"] == "UNEP di Milano" and cfg.sources["office.name"] == MACHINE
    [problem] = cfg.problems
    assert problem.line == 2 and "«office.title» ora si chiama «office.name»" in problem.message
    assert machine.read_text(encoding="utf-8") == text and not list(tmp_path.glob("*.bak"))
    assert [p.message for p in check_file(machine)] == [problem.message]


def test_saving_a_preference_stamps_the_version_and_keeps_what_it_does_not_know(tmp_path):
    user = tmp_path / "settings.toml"
    user.write_text('[directory]\nstale_after_days = 30\n\n[futuro]\nopzione = "x"\n', encoding="utf-8")
    save_user_setting(user, "leaflets.large_print", True)
    saved = tomllib.loads(user.read_text(encoding="utf-8"))
    assert saved == {"settings_version": config_upgrade.current_version(), "directory": {"stale_after_days": 30},
                     "futuro": {"opzione": "x"}, "leaflets": {"large_print": True}}


def test_saving_carries_a_renamed_setting_too(tmp_path, renamed):
    user = tmp_path / "settings.toml"
    user.write_text("[directory]\nstale_days = 45\n", encoding="utf-8")  # version 0: before any version
    save_user_setting(user, "ui.language", "en")
    saved = tomllib.loads(user.read_text(encoding="utf-8"))
    assert saved["directory"] == {"stale_after_days": 45} and saved["settings_version"] == 2
